using System.Text.Json;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Records;

/// <summary>A record as Fixtures/batches.json describes it.</summary>
public sealed record FixtureRecord(long Offset, long Timestamp, byte[]? Key, byte[]? Value, IReadOnlyList<(string Key, byte[]? Value)> Headers);

/// <summary>One batch kafka-python wrote (Fixtures/generate_batches.py) and what it holds.</summary>
public sealed record BatchFixture(
    string Name,
    byte[] Bytes,
    CompressionType Compression,
    RecordBatchOptions Options,
    bool SameAsBuilder,
    IReadOnlyList<FixtureRecord> Records);

/// <summary>Loads Records/Fixtures: the batches and batches.json.</summary>
public static class BatchFixtures
{
    private static readonly Lazy<IReadOnlyList<BatchFixture>> Loaded = new(Load);

    public static IReadOnlyList<BatchFixture> All => Loaded.Value;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Records", "Fixtures");

    public static BatchFixture Get(string name) => All.Single(f => f.Name == name);

    public static TheoryData<string> Names() => new(All.Select(f => f.Name));

    /// <summary>Builds the fixture's records with Wharf's builder, with <paramref name="compression"/>.</summary>
    public static byte[] BuildWithWharf(BatchFixture fixture, CompressionType compression)
    {
        using var builder = new RecordBatchBuilder(fixture.Options with { Compression = compression });
        foreach (var record in fixture.Records)
        {
            var headers = record.Headers.Select(h => new RecordHeader(h.Key, h.Value)).ToArray();
            builder.Append(record.Offset, record.Timestamp, record.Key, record.Value, headers);
        }

        var output = new System.Buffers.ArrayBufferWriter<byte>();
        builder.WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads every record of <paramref name="batch"/> and checks it against the fixture.</summary>
    public static void AssertHolds(BatchFixture fixture, byte[] batch)
    {
        using var reader = new RecordBatchReader();
        Assert.Equal(RecordReadError.None, reader.Open(batch));
        Assert.Equal(fixture.Records.Count, reader.Header.RecordCount);
        Assert.Equal(fixture.Options.IsControl, reader.Header.IsControl);
        Assert.Equal(fixture.Options.IsTransactional, reader.Header.IsTransactional);
        Assert.Equal(fixture.Options.ProducerId, reader.Header.ProducerId);
        Assert.Equal(fixture.Options.ProducerEpoch, reader.Header.ProducerEpoch);
        Assert.Equal(fixture.Options.BaseSequence, reader.Header.BaseSequence);
        foreach (var expected in fixture.Records)
        {
            Assert.True(reader.TryReadNext(out var record), "record " + expected.Offset + ": " + reader.Error);
            Assert.Equal(expected.Offset, record.Offset);
            Assert.Equal(expected.Timestamp, record.Timestamp);
            AssertBytes(expected.Key, record.HasKey, record.Key);
            AssertBytes(expected.Value, record.HasValue, record.Value);
            Assert.Equal(expected.Headers.Count, record.Headers.Count);
            var index = 0;
            foreach (var header in record.Headers)
            {
                Assert.Equal(expected.Headers[index].Key, System.Text.Encoding.UTF8.GetString(header.Key.Span));
                AssertBytes(expected.Headers[index].Value, header.HasValue, header.Value);
                index++;
            }

            Assert.Equal(expected.Headers.Count, index);
        }

        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RecordReadError.None, reader.Error);
    }

    private static void AssertBytes(byte[]? expected, bool present, ReadOnlyMemory<byte> actual)
    {
        Assert.Equal(expected is not null, present);
        Assert.Equal(expected ?? [], actual.ToArray());
    }

    private static List<BatchFixture> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "batches.json")));
        return json.RootElement.GetProperty("batches").EnumerateArray().Select(ReadBatch).ToList();
    }

    private static BatchFixture ReadBatch(JsonElement batch)
    {
        var compression = Enum.Parse<CompressionType>(batch.GetProperty("compression").GetString()!, ignoreCase: true);
        var options = new RecordBatchOptions
        {
            BaseOffset = batch.GetProperty("baseOffset").GetInt64(),
            PartitionLeaderEpoch = batch.GetProperty("partitionLeaderEpoch").GetInt32(),
            Compression = compression,
            ProducerId = batch.GetProperty("producerId").GetInt64(),
            ProducerEpoch = batch.GetProperty("producerEpoch").GetInt16(),
            BaseSequence = batch.GetProperty("baseSequence").GetInt32(),
            IsTransactional = batch.GetProperty("transactional").GetBoolean(),
            IsControl = batch.GetProperty("control").GetBoolean(),
        };
        var records = batch.GetProperty("records").EnumerateArray().Select(r => new FixtureRecord(
            r.GetProperty("offset").GetInt64(),
            r.GetProperty("timestamp").GetInt64(),
            ReadBytes(r.GetProperty("key")),
            ReadBytes(r.GetProperty("value")),
            r.GetProperty("headers").EnumerateArray()
                .Select(h => (h.GetProperty("key").GetString()!, ReadBytes(h.GetProperty("value"))))
                .ToList())).ToList();
        return new BatchFixture(
            batch.GetProperty("name").GetString()!,
            File.ReadAllBytes(Path.Combine(Directory, batch.GetProperty("file").GetString()!)),
            compression,
            options,
            batch.GetProperty("sameAsBuilder").GetBoolean(),
            records);
    }

    /// <summary>null, base64, or {"repeat": base64, "count": n} for large values.</summary>
    private static byte[]? ReadBytes(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => element.GetBytesFromBase64(),
        _ => Repeat(element.GetProperty("repeat").GetBytesFromBase64(), element.GetProperty("count").GetInt32()),
    };

    private static byte[] Repeat(byte[] pattern, int count)
    {
        var result = new byte[pattern.Length * count];
        for (var i = 0; i < count; i++)
        {
            pattern.CopyTo(result, i * pattern.Length);
        }

        return result;
    }
}
