namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// The Merkle tree of RFC 9162 (Certificate Transparency) over a checkpoint's stream heads: the checkpoint signs the
/// root, and a case export carries only its own head and the audit path to that root — enough to verify the signature
/// offline without disclosing the service's other streams.
/// </summary>
public static class MerkleTree
{
    public static byte[] Leaf(byte[] data) => SHA256.HashData([0x00, .. data]);

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    private static int Split(int count)
    {
        var k = 1;
        while (k << 1 < count) k <<= 1;
        return k;
    }

    /// <summary>The root over the leaf hashes (the hash of nothing for an empty tree).</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves) => leaves.Count == 0 ? SHA256.HashData([]) : Root(leaves, 0, leaves.Count);

    private static byte[] Root(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1) return leaves[start];
        var k = Split(count);
        return Node(Root(leaves, start, k), Root(leaves, start + k, count - k));
    }

    /// <summary>The audit path of leaf <paramref name="index"/>: the sibling subtree roots from the leaf up.</summary>
    public static IReadOnlyList<byte[]> Path(IReadOnlyList<byte[]> leaves, int index)
    {
        var path = new List<byte[]>();
        Path(leaves, index, 0, leaves.Count, path);
        return path;
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int index, int start, int count, List<byte[]> path)
    {
        if (count == 1) return;
        var k = Split(count);
        if (index < k)
        {
            Path(leaves, index, start, k, path);
            path.Add(Root(leaves, start + k, count - k));
        }
        else
        {
            Path(leaves, index - k, start + k, count - k, path);
            path.Add(Root(leaves, start, k));
        }
    }

    /// <summary>The root implied by a leaf, its index, the tree size and its audit path (RFC 9162 §2.1.3.2), or null when the path cannot belong to such a tree.</summary>
    public static byte[]? RootFromPath(byte[] leaf, long index, long size, IReadOnlyList<byte[]> path)
    {
        if (index < 0 || index >= size) return null;
        long fn = index, sn = size - 1;
        var r = leaf;
        foreach (var p in path)
        {
            if (sn == 0) return null;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else r = Node(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }
}
