using System.Globalization;
using System.Text.Json;
using Wharf.Testing;

namespace Wharf.SchemaRegistry.Tests;

/// <summary>@kafkajs/confluent-schema-registry 4.1.0, a client nobody here wrote, against Wharf's registry (test.sh installs it).</summary>
public sealed class InteropTests(RegistryFixture fixture)
{
    [Fact]
    public async Task The_kafkajs_registry_client_registers_encodes_and_decodes_with_wharfs_registry()
    {
        var directory = RepositoryPaths.Combine("tests", "Wharf.SchemaRegistry.Tests", "js");
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", "@kafkajs", "confluent-schema-registry")), "@kafkajs/confluent-schema-registry is not installed; test.sh runs npm ci in " + directory);

        var subject = UniqueNames.For("js") + "-value";
        var result = await ExternalProcess.RunAsync("node", [Path.Combine(directory, "registry_client.js"), fixture.Registry.BaseAddress.ToString().TrimEnd('/'), subject], timeout: TimeSpan.FromSeconds(90), workingDirectory: directory);
        Assert.True(result.ExitCode == 0 && !result.TimedOut, "the registry client failed: " + result);

        var summary = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]).RootElement;
        var id = summary.GetProperty("id").GetInt32();
        Assert.Equal(id, summary.GetProperty("again").GetInt32());
        Assert.Equal(0, summary.GetProperty("magic").GetInt32());
        Assert.Equal(id, summary.GetProperty("headerId").GetInt32());
        Assert.Equal("p-1", summary.GetProperty("decoded").GetProperty("id").GetString());
        Assert.Equal(12.5, summary.GetProperty("decoded").GetProperty("amount").GetDouble());
        Assert.Equal(id, summary.GetProperty("latest").GetInt32());
        Assert.NotEqual(id, summary.GetProperty("id2").GetInt32());
        Assert.Equal("USD", summary.GetProperty("decodedWithV1").GetProperty("currency").GetString());
        Assert.Equal("com.acme.Payment", summary.GetProperty("fetchedName").GetString());
        Assert.Equal(409, summary.GetProperty("incompatible").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_kafkajs_registry_client_encodes_and_decodes_json_schema_and_protobuf_with_schemas_from_wharfs_registry()
    {
        var directory = RepositoryPaths.Combine("tests", "Wharf.SchemaRegistry.Tests", "js");
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", "@kafkajs", "confluent-schema-registry")), "@kafkajs/confluent-schema-registry is not installed; test.sh runs npm ci in " + directory);

        var result = await ExternalProcess.RunAsync("node", [Path.Combine(directory, "registry_client_types.js"), fixture.Registry.BaseAddress.ToString().TrimEnd('/'), UniqueNames.For("jstypes")], timeout: TimeSpan.FromSeconds(90), workingDirectory: directory);
        Assert.True(result.ExitCode == 0 && !result.TimedOut, "the registry client failed: " + result);

        var summary = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]).RootElement;
        var jsonId = summary.GetProperty("jsonId").GetInt32();
        var protoId = summary.GetProperty("protoId").GetInt32();
        Assert.Equal("00" + jsonId.ToString("x8", CultureInfo.InvariantCulture) + Convert.ToHexStringLower("{\"id\":\"p-1\",\"amount\":12.5}"u8), summary.GetProperty("jsonHex").GetString());
        Assert.Equal("{\"id\":\"p-1\",\"amount\":12.5}", summary.GetProperty("jsonDecoded").GetRawText());
        Assert.Equal(JsonValueKind.String, summary.GetProperty("jsonInvalid").ValueKind);

        // kafkajs writes no message indexes (Confluent's serializers would put 0x00 after the id): id, then the binary.
        Assert.Equal("00" + protoId.ToString("x8", CultureInfo.InvariantCulture) + "0a03702d321007", summary.GetProperty("protoHex").GetString());
        Assert.Equal("{\"id\":\"p-2\",\"amount\":7}", summary.GetProperty("protoDecoded").GetRawText());
        Assert.Equal(protoId, summary.GetProperty("protoAgain").GetInt32());
    }

    [Fact]
    public async Task Confluent_kafka_pythons_registry_client_works_call_by_call()
    {
        var subject = UniqueNames.For("py") + "-value";
        var script = RepositoryPaths.Combine("tests", "Wharf.SchemaRegistry.Tests", "python", "registry_client.py");
        var result = await ExternalProcess.RunAsync("/usr/bin/python3", [script, fixture.Registry.BaseAddress.ToString().TrimEnd('/'), subject], timeout: TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0 && !result.TimedOut, "the registry client failed: " + result);

        var seen = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]).RootElement;
        var id = seen.GetProperty("id").GetInt32();
        var id2 = seen.GetProperty("id2").GetInt32();
        Assert.Contains("Card", seen.GetProperty("fetched").GetString(), StringComparison.Ordinal);
        Assert.True(seen.GetProperty("compatible").GetBoolean());
        Assert.Equal("[2," + id2 + "]", seen.GetProperty("latest").GetRawText());
        Assert.Equal("[1,2]", seen.GetProperty("versions").GetRawText());
        Assert.Equal("[1," + id + "]", seen.GetProperty("lookup").GetRawText());
        Assert.Equal(id, seen.GetProperty("version1").GetInt32());
        Assert.Equal("FULL", seen.GetProperty("compatibility").GetString());
        Assert.True(seen.GetProperty("in_subjects").GetBoolean());
        Assert.Equal("[409,409]", seen.GetProperty("incompatible").GetRawText());
        Assert.Equal("[404,40402]", seen.GetProperty("missing").GetRawText());
        Assert.Equal(2, seen.GetProperty("deleted_version").GetInt32());
        Assert.Equal("[1]", seen.GetProperty("deleted_permanently").GetRawText());
        Assert.True(seen.GetProperty("gone").GetBoolean());
    }
}
