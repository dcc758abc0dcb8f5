using Wharf.RestProxy.Tests;
using Wharf.Testing;

[assembly: AssemblyFixture(typeof(RestProxyFixture))]
[assembly: FailOnServerErrors]
