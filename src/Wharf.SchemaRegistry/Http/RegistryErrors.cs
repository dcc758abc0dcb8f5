using System.Globalization;

namespace Wharf.SchemaRegistry.Http;

/// <summary>
/// The original's errors (rest/exceptions/Errors.java and the Rest*Exception classes of Confluent 7.x): missing
/// things are 404 with a 4040x code, constraint violations 422 with a 4220x code, store and leader trouble 500 with
/// a 5000x code. Messages are the original's, typos included ("soft deleted.Set", "is not a valid.").
/// </summary>
public static class RegistryErrors
{
    public static RegistryException SubjectNotFound(string subject) => new(404, 40401, $"Subject '{subject}' not found.");

    public static RegistryException VersionNotFound(int version) => new(404, 40402, "Version " + version.ToString(CultureInfo.InvariantCulture) + " not found.");

    public static RegistryException SchemaNotFound(int id) => new(404, 40403, "Schema " + id.ToString(CultureInfo.InvariantCulture) + " not found");

    public static RegistryException SchemaNotFound() => new(404, 40403, "Schema not found");

    public static RegistryException SubjectSoftDeleted(string subject) =>
        new(404, 40404, $"Subject '{subject}' was soft deleted.Set permanent=true to delete permanently");

    public static RegistryException SubjectNotSoftDeleted(string subject) =>
        new(404, 40405, $"Subject '{subject}' was not deleted first before being permanently deleted");

    public static RegistryException VersionSoftDeleted(string subject, int version) =>
        new(404, 40406, $"Subject '{subject}' Version {version.ToString(CultureInfo.InvariantCulture)} was soft deleted.Set permanent=true to delete permanently");

    public static RegistryException VersionNotSoftDeleted(string subject, int version) =>
        new(404, 40407, $"Subject '{subject}' Version {version.ToString(CultureInfo.InvariantCulture)} was not deleted first before being permanently deleted");

    public static RegistryException SubjectLevelCompatibilityNotConfigured(string subject) =>
        new(404, 40408, $"Subject '{subject}' does not have subject-level compatibility configured");

    public static RegistryException SubjectLevelModeNotConfigured(string subject) =>
        new(404, 40409, $"Subject '{subject}' does not have subject-level mode configured");

    /// <summary>409 with error_code 409, as before Confluent 8.2 (which answers 40901).</summary>
    public static RegistryException Incompatible(string subject, IEnumerable<string> details) =>
        new(409, 409, $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: [{string.Join(", ", details)}]");

    public static RegistryException InvalidSchema(string message) => new(422, 42201, message);

    public static RegistryException InvalidVersion(string version) =>
        new(422, 42202, $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");

    public static RegistryException InvalidCompatibilityLevel() => new(422, 42203, Registry.CompatibilityLevels.InvalidMessage);

    public static RegistryException InvalidMode() => new(422, 42204, Registry.RegistryMode.InvalidMessage);

    public static RegistryException OperationNotPermitted(string message) => new(422, 42205, message);

    public static RegistryException ReferenceExists(string subject, int version) =>
        new(422, 42206, $"One or more references exist to the schema {{magic=1,keytype=SCHEMA,subject={subject},version={version.ToString(CultureInfo.InvariantCulture)}}}.");

    public static RegistryException IdDoesNotMatch() => new(422, 42207, "The ID of an imported schema does not match the existing ID");

    public static RegistryException InvalidSubject(string subject) => new(422, 42208, $"The specified subject '{subject}' is not a valid.");

    public static RegistryException SchemaTooLarge() => new(422, 42209, "Register operation failed because schema is too large");

    public static RegistryException Store(string message) => new(500, 50001, message);

    public static RegistryException Timeout(string message) => new(500, 50002, message);

    public static RegistryException Forwarding(string operation) => new(500, 50003, "Error while forwarding " + operation + " request to the leader");

    public static RegistryException UnknownLeader() => new(500, 50004, "Leader not known.");

    /// <summary>Malformed or mis-shaped JSON: 400 with the parser's message (rest-utils' Json*ExceptionMappers).</summary>
    public static RegistryException MalformedJson(string message) => new(400, 400, message);
}
