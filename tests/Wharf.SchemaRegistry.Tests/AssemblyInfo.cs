using Wharf.SchemaRegistry.Tests;
using Wharf.Testing;

[assembly: AssemblyFixture(typeof(RegistryFixture))]
[assembly: FailOnServerErrors]
