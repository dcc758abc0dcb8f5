using System.Collections;
using System.Reflection;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Tests.Messages;

/// <summary>
/// Fills a generated message with random values that are legal at one version, reading each property's
/// <see cref="KafkaFieldAttribute"/>: nulls only where the field is nullable at that version, lists of zero to
/// three elements, nested structs filled the same way. Fields absent at that version get values too; the codec
/// must then leave them out.
/// </summary>
internal sealed class MessagePopulator(int seed)
{
    private readonly Random _random = new(seed);

    public T Create<T>(short version) where T : class => (T)Populate(typeof(T), version, depth: 0);

    private object Populate(Type type, short version, int depth)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var field = property.GetCustomAttribute<KafkaFieldAttribute>();
            if (field is null || !property.CanWrite)
            {
                continue;
            }

            var nullable = field.ExistsIn(version) && field.IsNullableIn(version);
            property.SetValue(instance, Value(property.PropertyType, nullable, version, depth));
        }

        return instance;
    }

    private object? Value(Type type, bool nullable, short version, int depth)
    {
        if (nullable && _random.Next(4) == 0)
        {
            return null;
        }

        if (type == typeof(bool))
        {
            return _random.Next(2) == 1;
        }

        if (type == typeof(sbyte))
        {
            return (sbyte)_random.Next(sbyte.MinValue, sbyte.MaxValue + 1);
        }

        if (type == typeof(short))
        {
            return (short)_random.Next(short.MinValue, short.MaxValue + 1);
        }

        if (type == typeof(ushort))
        {
            return (ushort)_random.Next(ushort.MaxValue + 1);
        }

        if (type == typeof(int))
        {
            return _random.Next(int.MinValue, int.MaxValue);
        }

        if (type == typeof(uint))
        {
            return (uint)_random.NextInt64(uint.MaxValue);
        }

        if (type == typeof(long))
        {
            return _random.NextInt64(long.MinValue, long.MaxValue);
        }

        if (type == typeof(double))
        {
            return _random.NextDouble() * 1e6;
        }

        if (type == typeof(KafkaUuid))
        {
            return new KafkaUuid((ulong)_random.NextInt64(), (ulong)_random.NextInt64());
        }

        if (type == typeof(string))
        {
            // Mix ASCII with multi-byte UTF-8 so byte counts and char counts differ.
            var length = _random.Next(0, 12);
            return new string(Enumerable.Range(0, length).Select(_ => _random.Next(5) == 0 ? 'é' : (char)_random.Next('a', 'z' + 1)).ToArray());
        }

        if (type == typeof(byte[]))
        {
            return RandomBytes();
        }

        if (type == typeof(ReadOnlyMemory<byte>?) || type == typeof(ReadOnlyMemory<byte>))
        {
            return new ReadOnlyMemory<byte>(RandomBytes());
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(type)!;
            var count = depth > 3 ? 0 : _random.Next(0, 4);
            for (var i = 0; i < count; i++)
            {
                list.Add(Value(element, nullable: false, version, depth + 1));
            }

            return list;
        }

        if (type.IsClass)
        {
            return Populate(type, version, depth + 1);
        }

        throw new NotSupportedException("No random value for " + type);
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(0, 20)];
        _random.NextBytes(bytes);
        return bytes;
    }
}
