using Wharf.Testing;

[assembly: AssemblyFixture(typeof(BrokerFixture))]
