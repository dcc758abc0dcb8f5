using System.Buffers;

namespace Wharf.Protocol.Compression;

/// <summary>
/// Hands a streaming decoder output windows that never exceed the caller's maximum. Once the maximum is reached it
/// hands out a one-byte probe instead: a decoder that still produces a byte there has more output than allowed.
/// </summary>
internal ref struct BoundedOutput
{
    private const int ChunkSize = 64 * 1024;
    private readonly IBufferWriter<byte> _destination;
    private readonly int _maxLength;
    private readonly Span<byte> _probe;
    private bool _probing;

    public BoundedOutput(IBufferWriter<byte> destination, int maxLength, Span<byte> probe)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        _destination = destination;
        _maxLength = maxLength;
        _probe = probe;
        Written = 0;
        _probing = false;
    }

    public int Written { get; private set; }

    public readonly int Remaining => _maxLength - Written;

    /// <summary>Room for the decoder's next output, <paramref name="sizeHint"/> bytes or a default chunk.</summary>
    public Span<byte> NextWindow(int sizeHint = ChunkSize)
    {
        var budget = Remaining;
        _probing = budget == 0;
        if (_probing)
        {
            return _probe;
        }

        var want = Math.Min(Math.Max(sizeHint, 1), budget);
        var span = _destination.GetSpan(want);
        return span.Length > budget ? span[..budget] : span;
    }

    /// <summary>Counts what the decoder wrote into the last window; false when that went over the maximum.</summary>
    public bool Advance(int produced)
    {
        if (produced == 0)
        {
            return true;
        }

        if (_probing)
        {
            return false;
        }

        _destination.Advance(produced);
        Written += produced;
        return true;
    }
}
