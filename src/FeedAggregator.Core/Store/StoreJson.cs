using System.Text.Json.Serialization;
using FeedAggregator.Parse;

namespace FeedAggregator.Store;

/// <summary>Source-generated JSON for the list columns (authors, categories, enclosures).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<ParsedPerson>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<ParsedEnclosure>))]
internal sealed partial class StoreJson : JsonSerializerContext;
