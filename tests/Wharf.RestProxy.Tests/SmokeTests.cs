using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests;

public sealed class SmokeTests(RestProxyFixture fixture)
{
    [Fact]
    public async Task Binary_records_produced_over_http_get_offsets_in_request_order()
    {
        var topic = UniqueNames.For("rest");
        using var content = new StringContent("""{"records":[{"key":"a2V5","value":"dmFsdWU="},{"value":"djI="}]}""", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kafka.binary.v2+json");

        using var response = await fixture.Http.PostAsync("/topics/" + topic, content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.kafka.v2+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var offsets = json.RootElement.GetProperty("offsets").EnumerateArray().Select(o => o.GetProperty("offset").GetInt64()).ToList();
        Assert.Equal([0L, 1L], offsets);
    }
}
