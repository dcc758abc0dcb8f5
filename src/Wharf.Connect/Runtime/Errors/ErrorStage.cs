namespace Wharf.Connect.Runtime.Errors;

/// <summary>Where in a task's pipeline an operation failed (Apache's errors/Stage, KIP-298); shown by <see cref="ErrorStages.Name"/>.</summary>
internal enum ErrorStage
{
    TaskPoll,
    TaskPut,
    Transformation,
    KeyConverter,
    ValueConverter,
    HeaderConverter,
    KafkaProduce,
    KafkaConsume,
}

internal static class ErrorStages
{
    private static readonly string[] Names = ["TASK_POLL", "TASK_PUT", "TRANSFORMATION", "KEY_CONVERTER", "VALUE_CONVERTER", "HEADER_CONVERTER", "KAFKA_PRODUCE", "KAFKA_CONSUME"];

    /// <summary>Apache's constant name (the __connect.errors.stage header and log lines carry it).</summary>
    public static string Name(this ErrorStage stage) => Names[(int)stage];

    /// <summary>Converter and transformation failures may be tolerated whatever the exception; other stages only retry RetriableException.</summary>
    public static bool ToleratesAnyException(this ErrorStage stage) =>
        stage is ErrorStage.Transformation or ErrorStage.KeyConverter or ErrorStage.ValueConverter or ErrorStage.HeaderConverter;

    /// <summary>The stage in words, for failure explanations.</summary>
    public static string Describe(this ErrorStage stage) => stage switch
    {
        ErrorStage.TaskPoll => "the source task's poll",
        ErrorStage.TaskPut => "the sink task's put",
        ErrorStage.Transformation => "a transformation",
        ErrorStage.KeyConverter => "the key converter",
        ErrorStage.ValueConverter => "the value converter",
        ErrorStage.HeaderConverter => "the header converter",
        ErrorStage.KafkaProduce => "writing to Kafka",
        _ => "reading from Kafka",
    };
}
