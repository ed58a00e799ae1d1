using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Setup;

/// <summary>One bad setting, as the one line the user sees: the key, the value given, what is expected.</summary>
public sealed class SettingsException(IReadOnlyList<string> problems, Exception? inner = null)
    : Exception(string.Join(Environment.NewLine, problems), inner)
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Checks one configuration section against its options class before anything is built: every value
/// converts to its property's type, every key is one the class knows (an unknown key is a warning naming the nearest
/// known one), and the section's rules hold. The same rules are registered as the options' validator with
/// ValidateOnStart, so a host built without this check (the tests' hosts) still refuses to start.</summary>
public abstract class SettingsSection(string name)
{
    public string Name { get; } = name;

    public abstract void Register(IServiceCollection services, IConfiguration config);

    /// <summary>Errors (the start must stop) and warnings (unknown keys) for this section.</summary>
    public abstract (List<string> Errors, List<string> Warnings) Check(IConfiguration config);
}

public sealed class SettingsSection<T>(string name, Action<T, SettingRules> rules) : SettingsSection(name) where T : class, new()
{
    private static readonly PropertyInfo[] Properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite || IsList(p.PropertyType)).ToArray();

    public override void Register(IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<T>().Bind(config.GetSection(Name)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new Validator(this, config));
    }

    public override (List<string> Errors, List<string> Warnings) Check(IConfiguration config)
    {
        var section = config.GetSection(Name);
        var errors = new List<string>();
        var warnings = new List<string>();
        CheckKeys(section, Name, Properties, errors, warnings);
        // Rules run on bound values, so only once every value converts.
        if (errors.Count == 0) errors.AddRange(Rules(section));
        return (errors, warnings);
    }

    /// <summary>Every key of <paramref name="section"/> known and convertible; the items of a list of objects (the Rules
    /// section's Block:0:Pattern) are checked against their own class the same way.</summary>
    private static void CheckKeys(IConfigurationSection section, string path, PropertyInfo[] properties, List<string> errors, List<string> warnings)
    {
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                warnings.Add(UnknownKey(path, child.Key, properties));
                continue;
            }
            if (child.Value is { } value && ConversionProblem(property.PropertyType, value) is { } expected)
                errors.Add(SettingRules.Line($"{path}:{property.Name}", value, expected));
            if (IsList(property.PropertyType) && property.PropertyType.GetGenericArguments()[0] is { IsClass: true } item && item != typeof(string))
            {
                var itemProperties = item.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
                foreach (var element in child.GetChildren())
                    CheckKeys(element, $"{path}:{property.Name}:{element.Key}", itemProperties, errors, warnings);
            }
        }
    }

    private List<string> Rules(IConfigurationSection section)
    {
        var options = new T();
        section.Bind(options);
        return Apply(options, section);
    }

    private List<string> Apply(T options, IConfigurationSection section)
    {
        var r = new SettingRules(section);
        try { rules(options, r); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // A rule delegated to the code that uses the value (a schedule, a time zone), whose message names the key.
            r.Problems.Add($"invalid setting: {e.Message}");
        }
        return r.Problems;
    }

    private static string UnknownKey(string path, string key, PropertyInfo[] properties)
    {
        var nearest = properties.Select(p => (p.Name, Distance: Levenshtein(key.ToLowerInvariant(), p.Name.ToLowerInvariant())))
            .OrderBy(x => x.Distance).FirstOrDefault();
        var hint = nearest.Name is not null && nearest.Distance <= Math.Max(2, key.Length / 3)
            ? $"did you mean {path}:{nearest.Name}?"
            : $"known keys: {string.Join(", ", properties.Select(p => p.Name))}";
        return $"unknown setting {path}:{key} is ignored; {hint}";
    }

    /// <summary>What a value must look like when it does not convert to <paramref name="type"/> (null when it does).
    /// The binder converts with the type's TypeConverter, invariant culture; so does this check.</summary>
    private static string? ConversionProblem(Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || IsList(type)) return null;
        try
        {
            if (type.IsEnum)
                return Enum.TryParse(type, value, ignoreCase: true, out _) && !int.TryParse(value, out _) ? null : Expected(type);
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or NotSupportedException || e.InnerException is FormatException or OverflowException)
        {
            return Expected(type);
        }
    }

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "a time span as [d.]hh:mm[:ss], e.g. 00:05:00 for five minutes or 1.00:00:00 for a day",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) => "a number such as 0.5",
        _ when type == typeof(bool) => "true or false",
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ => $"a value of type {type.Name}",
    };

    private static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>);

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private sealed class Validator(SettingsSection<T> section, IConfiguration config) : IValidateOptions<T>
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            section.Apply(options, config.GetSection(section.Name)) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}

/// <summary>The checks a section's rules make, each adding one line naming the key, the value given and what is
/// expected.</summary>
public sealed class SettingRules(IConfigurationSection section)
{
    public List<string> Problems { get; } = [];

    public IConfigurationSection Section => section;

    public static string Line(string key, string? value, string expected) => $"invalid setting {key} = '{value}': expected {expected}";

    public void Require(bool ok, string key, object? value, string expected)
    {
        if (!ok) Problems.Add(Line($"{section.Path}:{key}", section[key] ?? Format(value), expected));
    }

    public void AtLeast(string key, long value, long min) => Require(value >= min, key, value, $"a whole number of at least {min}");

    public void Positive(string key, TimeSpan value) => Require(value > TimeSpan.Zero, key, value, "a time span longer than zero, as [d.]hh:mm[:ss]");

    /// <summary>Whether the section sets <paramref name="key"/> at all (in any source).</summary>
    public bool IsSet(string key) => section.GetSection(key).Exists();

    public IEnumerable<string> SetKeys => section.GetChildren().Select(c => c.Key);

    private static string? Format(object? value) => value switch
    {
        null => "",
        TimeSpan t => t.ToString("c"),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
