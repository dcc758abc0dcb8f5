using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Records;

/// <summary>
/// Wharf against batches written by an independent implementation, kafka-python 2.0.2 (Fixtures/generate_batches.py):
/// every codec, null and empty keys and values, headers, offset gaps, control batches, large values.
/// </summary>
public sealed class KafkaPythonBatchTests
{
    public static TheoryData<string> Names() => BatchFixtures.Names();

    public static TheoryData<string> SameAsBuilderNames() => new(BatchFixtures.All.Where(f => f.SameAsBuilder).Select(f => f.Name));

    public static TheoryData<string, CompressionType> NamesAndCodecs()
    {
        var data = new TheoryData<string, CompressionType>();
        foreach (var fixture in BatchFixtures.All.Where(f => f.Compression == CompressionType.None))
        {
            foreach (var codec in Enum.GetValues<CompressionType>())
            {
                data.Add(fixture.Name, codec);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_kafka_python_batch_validates_and_reads_back_its_records(string name)
    {
        var fixture = BatchFixtures.Get(name);
        Assert.Equal(BatchValidationError.None, RecordBatch.Validate(fixture.Bytes));
        Assert.Equal(fixture.Compression, new RecordBatchHeader(fixture.Bytes).Compression);
        BatchFixtures.AssertHolds(fixture, fixture.Bytes);
    }

    [Theory]
    [MemberData(nameof(SameAsBuilderNames))]
    public void Builder_writes_the_same_bytes_as_kafka_python(string name)
    {
        var fixture = BatchFixtures.Get(name);
        Assert.Equal(fixture.Bytes, BatchFixtures.BuildWithWharf(fixture, CompressionType.None));
    }

    [Theory]
    [MemberData(nameof(NamesAndCodecs))]
    public void Batches_built_with_every_codec_validate_and_read_back(string name, CompressionType codec)
    {
        var fixture = BatchFixtures.Get(name);
        var batch = BatchFixtures.BuildWithWharf(fixture, codec);
        Assert.Equal(BatchValidationError.None, RecordBatch.Validate(batch));
        Assert.Equal(codec, new RecordBatchHeader(batch).Compression);
        BatchFixtures.AssertHolds(fixture, batch);
    }

    [Fact]
    public void Control_batches_show_their_marker_type_and_coordinator_epoch()
    {
        using var reader = new RecordBatchReader();
        Assert.Equal(RecordReadError.None, reader.Open(BatchFixtures.Get("none-control-commit").Bytes));
        Assert.True(reader.Header.IsControl);
        Assert.True(reader.TryReadNext(out var commit));
        Assert.True(ControlRecord.TryReadKey(commit.Key.Span, out var type));
        Assert.Equal(ControlRecordType.Commit, type);
        Assert.True(ControlRecord.TryReadEndTransactionMarker(commit.Value.Span, out var epoch));
        Assert.Equal(17, epoch);

        Assert.Equal(RecordReadError.None, reader.Open(BatchFixtures.Get("none-control-abort").Bytes));
        Assert.True(reader.TryReadNext(out var abort));
        Assert.True(ControlRecord.TryReadKey(abort.Key.Span, out type));
        Assert.Equal(ControlRecordType.Abort, type);
    }

    [Fact]
    public void Control_record_helpers_write_what_kafka_python_was_given()
    {
        var fixture = BatchFixtures.Get("none-control-commit");
        Assert.Equal(fixture.Records[0].Key, ControlRecord.CreateKey(ControlRecordType.Commit));
        Assert.Equal(fixture.Records[0].Value, ControlRecord.CreateEndTransactionMarker(17));
    }

    [Fact]
    public void Copying_every_record_into_a_new_batch_reproduces_the_batch()
    {
        // What compaction does with a batch whose records are all kept.
        foreach (var fixture in BatchFixtures.All.Where(f => f.SameAsBuilder))
        {
            using var reader = new RecordBatchReader();
            using var builder = new RecordBatchBuilder(fixture.Options);
            Assert.Equal(RecordReadError.None, reader.Open(fixture.Bytes));
            while (reader.TryReadNext(out var record))
            {
                builder.Append(record);
            }

            var output = new System.Buffers.ArrayBufferWriter<byte>();
            builder.WriteTo(output);
            Assert.Equal(fixture.Bytes, output.WrittenSpan.ToArray());
        }
    }
}
