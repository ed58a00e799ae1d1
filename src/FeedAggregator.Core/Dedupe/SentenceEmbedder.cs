using System.Numerics.Tensors;
using System.Text;
using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FeedAggregator.Dedupe;

/// <summary>
/// Sentence embeddings from snowflake-arctic-embed-xs (<see cref="EmbeddingModel"/>) run with ONNX Runtime: WordPiece
/// tokens (FastBertTokenizer, lower-cased as the model was trained), at most <see cref="MaxTokens"/> of them — a
/// headline and the opening of a summary, which is what outlets' copies of one story share — the final state of the
/// [CLS] token (the pooling the model was trained with) scaled to length 1, so that the dot product of two
/// embeddings is their cosine similarity. Texts are embedded as they are, without the model's query prefix: both sides
/// of a comparison are articles.
/// <para>Costly to create (the model is 90 MB): one instance per process (<see cref="Shared"/>), created on first use.
/// <see cref="Embed"/> is thread-safe.</para>
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    public const int Dimensions = 384;

    private static readonly Lock SharedLock = new();
    private static SentenceEmbedder? _shared;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer = new();
    private readonly bool _takesTokenTypes;

    public SentenceEmbedder(int maxTokens = 48, int threads = 0, string? modelPath = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 8);
        MaxTokens = maxTokens;
        var (model, vocabulary) = EmbeddingModel.Read(modelPath);
        using (var reader = new StreamReader(new MemoryStream(vocabulary), Encoding.UTF8))
            _tokenizer.LoadVocabulary(reader, convertInputToLowercase: true);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // 0 lets ONNX Runtime use one thread per core.
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(model, options);
        _takesTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
    }

    /// <summary>The most WordPiece tokens of one text that are embedded (with [CLS] and [SEP]).</summary>
    public int MaxTokens { get; }

    /// <summary>The process's embedder, created (and the model loaded) on first call; later calls get the same
    /// instance whatever they ask for.</summary>
    public static SentenceEmbedder Shared(int maxTokens = 48, int threads = 0)
    {
        lock (SharedLock) return _shared ??= new SentenceEmbedder(maxTokens, threads);
    }

    /// <summary>Whether <see cref="Shared"/> has loaded the model in this process.</summary>
    public static bool IsLoaded
    {
        get { lock (SharedLock) return _shared is not null; }
    }

    /// <summary>One unit-length embedding per text (an empty text gives the embedding of no words).</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return [];
        // A batch is padded to its longest member; short headlines-only texts cost little that way.
        var ids = new long[texts.Count * MaxTokens];
        var mask = new long[texts.Count * MaxTokens];
        var longest = 1;
        for (var i = 0; i < texts.Count; i++)
        {
            // Not padded by the tokenizer (that would make every text MaxTokens long); the zeros left are [PAD], masked.
            var n = _tokenizer.Encode(texts[i] ?? "", ids.AsSpan(i * MaxTokens, MaxTokens), mask.AsSpan(i * MaxTokens, MaxTokens));
            longest = Math.Max(longest, n);
        }
        var batch = texts.Count;
        var inputIds = new DenseTensor<long>([batch, longest]);
        var attention = new DenseTensor<long>([batch, longest]);
        for (var i = 0; i < batch; i++)
        {
            ids.AsSpan(i * MaxTokens, longest).CopyTo(inputIds.Buffer.Span.Slice(i * longest, longest));
            mask.AsSpan(i * MaxTokens, longest).CopyTo(attention.Buffer.Span.Slice(i * longest, longest));
        }
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", attention),
        };
        if (_takesTokenTypes) inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>([batch, longest])));
        using var results = _session.Run(inputs);
        // last_hidden_state: [batch, tokens, 384]; each text's first token is [CLS].
        var tensor = results[0].AsTensor<float>();
        ReadOnlySpan<float> hidden = tensor is DenseTensor<float> dense ? dense.Buffer.Span : tensor.ToArray();
        var output = new float[batch][];
        for (var i = 0; i < batch; i++)
        {
            var vector = hidden.Slice(i * longest * Dimensions, Dimensions).ToArray();
            Normalize(vector);
            output[i] = vector;
        }
        return output;
    }

    /// <summary>The cosine similarity of two unit-length embeddings.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    private static void Normalize(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
    }

    public void Dispose() => _session.Dispose();
}
