using System.Data.Common;

namespace FeedAggregator.Store;

/// <summary>A command run many times in one transaction with new parameter values (article inserts, story writes):
/// built once, and prepared where that pays (<see cref="SqlDialect.PrepareReusedCommands"/>).</summary>
internal static class ReusedCommand
{
    public static DbCommand Create(DbConnection c, DbTransaction tx, string sql, params string[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = DBNull.Value;
            command.Parameters.Add(p);
        }
        if (SqlDialect.Of(c).PrepareReusedCommands) command.Prepare();
        return command;
    }
}
