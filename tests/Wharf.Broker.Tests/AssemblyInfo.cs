using Wharf.Testing;

[assembly: FailOnServerErrors]
