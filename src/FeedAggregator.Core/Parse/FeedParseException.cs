namespace FeedAggregator.Parse;

/// <summary>A document that could not be read as a feed at all. The message is for people: it names
/// the reason and, for XML, the line and column.</summary>
public sealed class FeedParseException(string message, Exception? inner = null) : Exception(message, inner);
