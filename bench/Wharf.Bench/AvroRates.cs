using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Wharf.Avro;
using Wharf.Avro.Generic;

namespace Wharf.Bench;

/// <summary>
/// Avro encode and decode rates of Wharf.Avro's generic datums against python3-avro's DatumWriter and DatumReader
/// on the same records: an order of 12 fields (strings, longs, doubles, an int, a boolean, an enum, an array, a
/// nested record, unions with null first and last). The records are made from a fixed seed and written as JSON
/// lines; python reads them and times its own loops (avro_rates.py), so neither side's clock includes the other's
/// start-up. Both sides must write the same bytes (compared by SHA-256) and read back what they wrote.
/// </summary>
internal sealed class AvroRates(int records, TimeSpan minimum)
{
    public const string Schema = """
        {"type":"record","name":"Order","namespace":"bench.shop","fields":[
          {"name":"id","type":"long"},
          {"name":"customer","type":"string"},
          {"name":"email","type":["null","string"],"default":null},
          {"name":"amount","type":"double"},
          {"name":"quantity","type":"int"},
          {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID","SHIPPED","DELIVERED","CANCELLED"]}},
          {"name":"tags","type":{"type":"array","items":"string"}},
          {"name":"address","type":{"type":"record","name":"Address","fields":[
            {"name":"street","type":"string"},{"name":"city","type":"string"},{"name":"zip","type":"string"},{"name":"country","type":"string"}]}},
          {"name":"created_at","type":"long"},
          {"name":"discount","type":["null","double"],"default":null},
          {"name":"gift","type":"boolean"},
          {"name":"note","type":["string","null"]}]}
        """;

    private static readonly string[] Statuses = ["NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"];
    private static readonly string[] Cities = ["Lyon", "München", "Kraków", "Porto", "Göteborg", "Zürich", "Bilbao", "Tromsø"];
    private static readonly string[] Words = ["express", "fragile", "gift-wrap", "priority", "bulk", "return", "éco", "promo"];

    public sealed record Rates(string Side, double EncodePerSecond, double DecodePerSecond, long Bytes, string Sha256);

    /// <summary>Wharf.Avro's rates, then python3-avro's, on the same records.</summary>
    public async Task<(Rates Wharf, Rates Python)> RunAsync()
    {
        var schema = AvroSchema.Parse(Schema);
        var lines = Records().ToList();
        var data = lines.Select(line => AvroJson.ToDatum(schema, Encoding.UTF8.GetBytes(line), AvroJsonOptions.Plain)).ToList();
        var wharf = MeasureWharf(schema, data);

        var scratch = Directory.CreateTempSubdirectory("wharf-bench-avro-").FullName;
        try
        {
            var schemaFile = Path.Combine(scratch, "order.avsc");
            var recordsFile = Path.Combine(scratch, "orders.jsonl");
            await File.WriteAllTextAsync(schemaFile, Schema);
            await File.WriteAllLinesAsync(recordsFile, lines);
            var python = await MeasurePythonAsync(schemaFile, recordsFile);
            if (python.Sha256 != wharf.Sha256)
            {
                throw new InvalidOperationException($"python3-avro and Wharf.Avro encoded the same records differently ({python.Bytes} and {wharf.Bytes} bytes).");
            }

            return (wharf, python);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Encodes every datum into one reused buffer, again and again for the minimum time; then decodes every encoding.</summary>
    private Rates MeasureWharf(AvroSchema schema, List<object?> data)
    {
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var ends = new int[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            AvroBinary.Encode(schema, data[i], output);
            ends[i] = output.WrittenCount;
        }

        var encoded = output.WrittenMemory.ToArray();
        for (var i = 0; i < data.Count; i++)
        {
            var start = i == 0 ? 0 : ends[i - 1];
            if (!AvroDatum.DeepEquals(data[i], AvroBinary.Decode(schema, encoded.AsSpan(start, ends[i] - start))))
            {
                throw new InvalidOperationException($"Wharf.Avro decoded record {i} differently from the datum it encoded.");
            }
        }

        var encodeRate = Repeat(() =>
        {
            output.ResetWrittenCount();
            foreach (var datum in data)
            {
                AvroBinary.Encode(schema, datum, output);
            }
        });
        var decodeRate = Repeat(() =>
        {
            var start = 0;
            foreach (var end in ends)
            {
                AvroBinary.Decode(schema, encoded.AsSpan(start, end - start));
                start = end;
            }
        });
        return new Rates("Wharf.Avro", encodeRate, decodeRate, encoded.Length, Convert.ToHexStringLower(SHA256.HashData(encoded)));
    }

    /// <summary>Records per second of <paramref name="round"/> (all records once), after one round of warm-up.</summary>
    private double Repeat(Action round)
    {
        round();
        var rounds = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            round();
            rounds++;
        }
        while (clock.Elapsed < minimum);
        return rounds * (double)records / clock.Elapsed.TotalSeconds;
    }

    private async Task<Rates> MeasurePythonAsync(string schemaFile, string recordsFile)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "avro_rates.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[script, schemaFile, recordsFile, minimum.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /usr/bin/python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"avro_rates.py exited with {process.ExitCode}: {await stderr}");
        }

        using var answer = JsonDocument.Parse(await stdout);
        var root = answer.RootElement;
        if (root.GetProperty("mismatches").GetInt32() != 0)
        {
            throw new InvalidOperationException($"python3-avro decoded {root.GetProperty("mismatches").GetInt32()} records differently from what it encoded.");
        }

        return new Rates("python3-avro " + root.GetProperty("version").GetString(), root.GetProperty("encode_per_second").GetDouble(),
            root.GetProperty("decode_per_second").GetDouble(), root.GetProperty("bytes").GetInt64(), root.GetProperty("sha256").GetString()!);
    }

    /// <summary>The records as plain JSON lines (unions unwrapped), from a fixed seed: the same every run.</summary>
    private IEnumerable<string> Records()
    {
        var random = new Random(20261121);
        for (var i = 0; i < records; i++)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer, AvroJson.WriterOptions))
            {
                json.WriteStartObject();
                json.WriteNumber("id", 1_000_000_000L + i * 7919L);
                json.WriteString("customer", $"{Words[random.Next(Words.Length)]} customer {random.Next(100_000)}");
                if (random.Next(4) == 0)
                {
                    json.WriteNull("email");
                }
                else
                {
                    json.WriteString("email", $"user{random.Next(1_000_000)}@example.com");
                }

                json.WriteNumber("amount", Math.Round(random.NextDouble() * 10_000, 2) + 0.001);
                json.WriteNumber("quantity", random.Next(1, 500));
                json.WriteString("status", Statuses[random.Next(Statuses.Length)]);
                json.WriteStartArray("tags");
                for (var t = random.Next(4); t > 0; t--)
                {
                    json.WriteStringValue(Words[random.Next(Words.Length)]);
                }

                json.WriteEndArray();
                json.WriteStartObject("address");
                json.WriteString("street", $"{random.Next(1, 300)} Rue de la Gare");
                json.WriteString("city", Cities[random.Next(Cities.Length)]);
                json.WriteString("zip", random.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("country", "EU");
                json.WriteEndObject();
                json.WriteNumber("created_at", 1_700_000_000_000L + random.NextInt64(100_000_000_000L));
                if (random.Next(2) == 0)
                {
                    json.WriteNull("discount");
                }
                else
                {
                    json.WriteNumber("discount", random.NextDouble());
                }

                json.WriteBoolean("gift", random.Next(5) == 0);
                if (random.Next(3) == 0)
                {
                    json.WriteNull("note");
                }
                else
                {
                    json.WriteString("note", "leave at the door, ring twice");
                }

                json.WriteEndObject();
            }

            yield return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
