namespace FeedAggregator.Parse;

/// <summary>
/// "First value wins" for the readers. Unlike <c>x ??= Read()</c>, both arguments are evaluated, so
/// the element is always consumed even when a value is already set (else the walk would stall).
/// </summary>
internal static class FirstValue
{
    public static T? First<T>(T? current, T? value) where T : class => current ?? value;
    public static T? First<T>(T? current, T? value, int _ = 0) where T : struct => current ?? value;
}
