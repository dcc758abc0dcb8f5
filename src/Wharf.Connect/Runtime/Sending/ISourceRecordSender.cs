using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Runtime.Sending;

/// <summary>
/// Hands a source task's converted records to Kafka, a poll at a time, and says when everything handed over so far
/// is acknowledged (a commit stores offsets only then). <see cref="WireSourceRecordSender"/> is the worker's own
/// path; <see cref="LibrdkafkaSourceRecordSender"/> serves producer settings only librdkafka implements.
/// <see cref="SourceRecordSenders"/> picks one from the settings. Used from the task's loop only.
/// </summary>
internal interface ISourceRecordSender : IAsyncDisposable
{
    /// <summary>
    /// One converted record of the current poll, in the task's order; <paramref name="original"/> is the record as
    /// the task returned it (for error reports). May throw a <see cref="Errors.ProducerFailedException"/> for a
    /// record refused at once.
    /// </summary>
    void Send(SourceRecord original, string topic, int? partition, byte[]? key, byte[]? value, ConnectHeaders headers, long? timestamp);

    /// <summary>The current poll's records are all given: they are sent (waiting first while too many earlier polls are unacknowledged).</summary>
    ValueTask EndPollAsync();

    /// <summary>Completes when every record given so far is acknowledged or skipped; throws the first failure not tolerated.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
