using Confluent.Kafka;
using Wharf.Clients.Producing;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Runtime.Errors;
using Wharf.Connect.Runtime.Monitoring;
using Wharf.Protocol.Records;

namespace Wharf.Connect.Runtime.Sending;

/// <summary>
/// Sends through <see cref="WireProducer"/>: a poll's records are gathered per topic and each topic's records go in
/// one call (one record batch per partition, sent at once), without waiting for the acknowledgement before the
/// task polls again: at most <see cref="MaxPollsInFlight"/> polls are unacknowledged, and a poll beyond that waits
/// for the oldest. Outcomes are read on the task's loop, with the errors librdkafka would have reported.
/// <para>
/// Order: a poll is sent only once the one before it is acknowledged, so a retried send (a broken connection, a
/// moved leader) can never land after later records: a partition's records are written in the task's order, as
/// Apache's worker guarantees by running its source producers with max.in.flight.requests.per.connection=1. The
/// task still polls and converts the next poll while the last one is being acknowledged.
/// </para>
/// </summary>
internal sealed class WireSourceRecordSender(WireProducer producer, SourceSendFailures failures, TaskMetrics metrics) : ISourceRecordSender
{
    /// <summary>
    /// One, for order (see the class comment). Two measured about 15 % faster on a loaded machine, at the price of a
    /// retried batch landing after the next one.
    /// </summary>
    private const int MaxPollsInFlight = 1;

    private readonly Queue<List<TopicSend>> _inFlight = new();
    private readonly Stack<List<TopicSend>> _spareLists = new();
    private readonly Stack<TopicSend> _spareSends = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly HashSet<string> _acknowledgedTopics = new(StringComparer.Ordinal);
    private List<TopicSend> _poll = [];
    private TopicSend? _last;

    public void Send(SourceRecord original, string topic, int? partition, byte[]? key, byte[]? value, ConnectHeaders headers, long? timestamp)
    {
        var send = _last is not null && string.Equals(_last.Topic, topic, StringComparison.Ordinal) ? _last : SendFor(topic);
        send.Add(original, new ProducerRecord(partition, key, value, timestamp ?? 0, ToHeaders(headers)));
        _last = send;
    }

    public async ValueTask EndPollAsync()
    {
        if (_poll.Count == 0)
        {
            return;
        }

        while (_inFlight.Count >= MaxPollsInFlight || (_inFlight.Count > 0 && (HasNewTopic(_poll) || _inFlight.Any(HasNewTopic))))
        {
            await CompleteOldestAsync(CancellationToken.None);
        }

        StartPoll();
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_inFlight.Count == 0)
            {
                if (_poll.Count == 0)
                {
                    break;
                }

                StartPoll(); // records given but not sent yet: a poll whose sending was interrupted
            }

            await CompleteOldestAsync(cancellationToken);
        }

        failures.ThrowIfFailed();
    }

    public async ValueTask DisposeAsync()
    {
        // Sends still running (the task failed or is being stopped without a commit) give up their retries.
        await _disposing.CancelAsync();
        foreach (var send in _inFlight.SelectMany(poll => poll))
        {
            try
            {
                await send.Sending;
            }
            catch (OperationCanceledException)
            {
                // Cancelled above: nobody waits for these records any more.
            }
        }

        await producer.DisposeAsync();
        _disposing.Dispose();
    }

    /// <summary>The current poll's records of <paramref name="topic"/>, a new group for a topic the poll did not use yet.</summary>
    private TopicSend SendFor(string topic)
    {
        foreach (var existing in _poll)
        {
            if (string.Equals(existing.Topic, topic, StringComparison.Ordinal))
            {
                return existing;
            }
        }

        var send = _spareSends.TryPop(out var spare) ? spare : new TopicSend();
        send.Topic = topic;
        _poll.Add(send);
        return send;
    }

    /// <summary>Whether the poll has a topic no send has been acknowledged for yet.</summary>
    private bool HasNewTopic(List<TopicSend> poll)
    {
        foreach (var send in poll)
        {
            if (!_acknowledgedTopics.Contains(send.Topic))
            {
                return true;
            }
        }

        return false;
    }

    private void StartPoll()
    {
        foreach (var send in _poll)
        {
            send.Start(producer, _disposing.Token);
        }

        _inFlight.Enqueue(_poll);
        _poll = _spareLists.TryPop(out var spare) ? spare : [];
        _last = null;
    }

    /// <summary>Waits for the oldest poll's sends, then counts what was written and handles what was not (KIP-779).</summary>
    private async Task CompleteOldestAsync(CancellationToken cancellationToken)
    {
        var poll = _inFlight.Peek();
        foreach (var send in poll)
        {
            await send.Sending.WaitAsync(cancellationToken);
        }

        _inFlight.Dequeue();
        ProducerFailedException? refused = null;
        foreach (var send in poll)
        {
            var failure = Complete(send);
            refused ??= failure;
            send.Clear();
            _spareSends.Push(send);
        }

        poll.Clear();
        _spareLists.Push(poll);
        if (refused is not null)
        {
            throw refused;
        }

        failures.ThrowIfFailed();
    }

    /// <summary>
    /// One topic's outcomes. A record librdkafka refuses before sending (a partition the topic lacks, a record too
    /// large) is reported at the KAFKA_PRODUCE stage with its context, as on librdkafka's path; other failures are
    /// delivery failures. Returns the failure that ends the task, if any.
    /// </summary>
    private ProducerFailedException? Complete(TopicSend send)
    {
        var written = 0;
        ProducerFailedException? refused = null;
        for (var i = 0; i < send.Count; i++)
        {
            var delivery = send.Deliveries[i];
            if (delivery.Succeeded)
            {
                written++;
                continue;
            }

            var error = LibrdkafkaErrors.From(delivery.Error);
            if (delivery.Error.Kind is DeliveryErrorKind.UnknownPartition or DeliveryErrorKind.RecordTooLarge)
            {
                if (!failures.TolerateRefused(send.Originals[i], typeof(WireProducer), new KafkaException(error)))
                {
                    refused ??= new ProducerFailedException(send.Topic, error.Reason);
                }
            }
            else
            {
                failures.Failed(send.Topic, error.Reason);
            }
        }

        metrics.RecordWritten(written);
        if (written > 0)
        {
            _acknowledgedTopics.Add(send.Topic);
        }

        return refused;
    }

    /// <summary>Null for a record without headers (most of them).</summary>
    private static RecordHeader[]? ToHeaders(ConnectHeaders connectHeaders)
    {
        if (connectHeaders.Count == 0)
        {
            return null;
        }

        var headers = new RecordHeader[connectHeaders.Count];
        var i = 0;
        foreach (var header in connectHeaders)
        {
            headers[i++] = new RecordHeader(header.Key, ConnectorPlugins.FromConnectHeader(header));
        }

        return headers;
    }

    /// <summary>One poll's records for one topic and, once sent, their outcomes; reused by later polls.</summary>
    private sealed class TopicSend
    {
        private ProducerRecord[] _records = new ProducerRecord[64];
        private SourceRecord[] _originals = new SourceRecord[64];
        private RecordDelivery[] _deliveries = new RecordDelivery[64];

        public string Topic { get; set; } = string.Empty;

        public int Count { get; private set; }

        public Task Sending { get; private set; } = Task.CompletedTask;

        public ReadOnlySpan<SourceRecord> Originals => _originals.AsSpan(0, Count);

        public ReadOnlySpan<RecordDelivery> Deliveries => _deliveries.AsSpan(0, Count);

        public void Add(SourceRecord original, in ProducerRecord record)
        {
            if (Count == _records.Length)
            {
                Array.Resize(ref _records, Count * 2);
                Array.Resize(ref _originals, Count * 2);
                Array.Resize(ref _deliveries, Count * 2);
            }

            _records[Count] = record;
            _originals[Count] = original;
            Count++;
        }

        public void Start(WireProducer producer, CancellationToken cancellationToken) =>
            Sending = producer.ProduceAsync(Topic, _records.AsMemory(0, Count), _deliveries.AsMemory(0, Count), cancellationToken);

        /// <summary>Lets go of the records (their bytes) for the next poll.</summary>
        public void Clear()
        {
            Array.Clear(_records, 0, Count);
            Array.Clear(_originals, 0, Count);
            Count = 0;
            Sending = Task.CompletedTask;
        }
    }
}
