using System.Text;
using AngleSharp.Dom;

namespace FeedAggregator.Parse;

/// <summary>Depth bound on a parsed HTML tree, without recursion (the point is to protect recursive walkers).</summary>
internal static class HtmlTree
{
    /// <summary>Replaces every element at <paramref name="maxDepth"/> below <paramref name="root"/> that still has
    /// child elements by its text (a plain text node: no element of the feed's survives to give that text a raw-text
    /// context). Returns how many were replaced.</summary>
    public static int FlattenBelow(IDocument doc, IElement root, int maxDepth)
    {
        int flattened = 0;
        var stack = new Stack<(INode Node, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth >= maxDepth && node is IElement { ChildElementCount: > 0 } deep && deep.Parent is { } parent)
            {
                // Replacing detaches the deep subtree in one step; removing its nodes one by one is quadratic.
                parent.ReplaceChild(doc.CreateTextNode(TextOf(deep)), deep);
                flattened++;
                continue;
            }
            foreach (var child in node.ChildNodes) stack.Push((child, depth + 1));
        }
        return flattened;
    }

    private static string TextOf(INode root)
    {
        var sb = new StringBuilder();
        var stack = new Stack<INode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is IText text) sb.Append(text.Data);
            var children = node.ChildNodes;
            for (int i = children.Length - 1; i >= 0; i--) stack.Push(children[i]);
        }
        return sb.ToString();
    }
}
