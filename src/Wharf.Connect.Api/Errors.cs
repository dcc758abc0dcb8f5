namespace Wharf.Connect.Api;

/// <summary>A failure of a connector, task, converter or transformation (Apache's ConnectException).</summary>
public class ConnectException : Exception
{
    public ConnectException()
    {
    }

    public ConnectException(string message)
        : base(message)
    {
    }

    public ConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Data that does not fit its schema or cannot be converted (Apache's DataException).</summary>
public class DataException : ConnectException
{
    public DataException()
    {
    }

    public DataException(string message)
        : base(message)
    {
    }

    public DataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A failure that may go away if the operation is retried (Apache's RetriableException).</summary>
public class RetriableException : ConnectException
{
    public RetriableException()
    {
    }

    public RetriableException(string message)
        : base(message)
    {
    }

    public RetriableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
