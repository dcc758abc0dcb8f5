using Microsoft.Extensions.Logging;
using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Logging;
using Wharf.SchemaRegistry.Schemas;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Registry;

/// <summary>
/// The registry's operations (KafkaSchemaRegistry): registration, lookup, compatibility checks, deletes, configs
/// and modes, with the original's rules and answers. Writes run one at a time, after reading the topic to its end,
/// so ids and versions are computed from everything written before (a new leader takes max id + 1); a write whose
/// record the state refused (another writer got there first) is repaired and retried.
/// </summary>
internal sealed class RegistryService(KafkaStore store, SchemaParsing parsing, SchemaRegistryOptions options, ILogger<RegistryService> logger) : IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    public RegistryState State => store.State;

    public SchemaParsing Parsing => parsing;

    public CompatibilityLevel EffectiveLevel(string subject)
    {
        var level = ConfigInScope(subject)?.CompatibilityLevel;
        return CompatibilityLevels.TryParse(level, out var parsed) ? parsed : options.CompatibilityLevel;
    }

    /// <summary>Subject, then its context, then the top level: the first config set (AbstractSchemaRegistry.getConfigInScope).</summary>
    public StoredConfig? ConfigInScope(string subject) =>
        State.Config(subject) ?? State.Config(QualifiedSubject.PrefixOf(QualifiedSubject.ContextOf(subject)) is { Length: > 0 } prefix ? prefix : null) ?? State.Config(null);

    public string ModeInScope(string subject) =>
        State.Mode(subject) ?? State.Mode(QualifiedSubject.PrefixOf(QualifiedSubject.ContextOf(subject)) is { Length: > 0 } prefix ? prefix : null) ?? State.Mode(null) ?? RegistryMode.ReadWrite;

    public static void CheckSubject(string subject)
    {
        if (!QualifiedSubject.IsValid(subject))
        {
            throw RegistryErrors.InvalidSubject(subject);
        }
    }

    public async Task<int> RegisterAsync(string subject, RegisterRequest request, bool normalize, CancellationToken cancellationToken)
    {
        CheckSubject(subject);
        for (var attempt = 1; ; attempt++)
        {
            var id = await WriteLockedAsync(WriteMessages.Register, () => TryRegisterAsync(subject, request, normalize, cancellationToken), cancellationToken);
            if (id is { } registered)
            {
                return registered;
            }

            if (attempt >= options.WriteMaxRetries)
            {
                throw RegistryErrors.Store(WriteMessages.Register.Store);
            }

            RegistryLog.WriteRetried(logger, subject, attempt, options.WriteMaxRetries);
        }
    }

    /// <summary>Registers under the write lock; null when the record lost a race with another writer.</summary>
    private async Task<int?> TryRegisterAsync(string subject, RegisterRequest request, bool normalize, CancellationToken cancellationToken)
    {
        var mode = ModeInScope(subject);
        var import = mode == RegistryMode.Import;
        normalize |= ConfigInScope(subject)?.Normalize == true;
        var parsed = parsing.ParseRequest(subject, request, isNew: !import, normalize);
        var identity = new SchemaIdentity(parsed.SchemaType, parsed.CanonicalText, request.References);
        var versions = State.Versions(subject);

        // Re-registering a live version is answered with its id, before the mode and compatibility checks.
        var same = versions.LastOrDefault(v => !v.Deleted && v.Identity.Equals(identity));
        if (same is not null && (request.Id is null or < 0 || request.Id == same.Id) && (request.Version is null or <= 0 || request.Version == same.Version))
        {
            return same.Id;
        }

        if (RegistryMode.IsReadOnly(mode))
        {
            throw RegistryErrors.OperationNotPermitted($"Subject {subject} is in read-only mode");
        }

        var explicitId = request.Id is >= 0 ? request.Id : null;
        if (explicitId is not null && !import)
        {
            throw RegistryErrors.OperationNotPermitted($"Subject {subject} is not in import mode");
        }

        if (explicitId is null && mode != RegistryMode.ReadWrite)
        {
            throw RegistryErrors.OperationNotPermitted($"Subject {subject} is not in read-write mode");
        }

        var nextVersion = (versions.Count == 0 ? 0 : versions[^1].Version) + 1;
        if (request.Version is > 0 && request.Version != nextVersion && !import)
        {
            throw RegistryErrors.InvalidSchema("Version is not one more than previous version");
        }

        var version = import && request.Version is > 0 ? request.Version.Value : nextVersion;
        var context = QualifiedSubject.ContextOf(subject);
        var existingId = State.IdOf(context, identity);
        int id;
        if (explicitId is { } wanted)
        {
            if (existingId is { } current && current != wanted)
            {
                throw RegistryErrors.IdDoesNotMatch();
            }

            if (State.IdentityOf(context, wanted) is { } other && !other.Equals(identity))
            {
                throw RegistryErrors.OperationNotPermitted($"Overwrite new schema with id {wanted} is not permitted.");
            }

            id = wanted;
        }
        else
        {
            id = existingId ?? State.MaxId(context) + 1;
        }

        if (!import)
        {
            var live = versions.Where(v => !v.Deleted).Select(v => (v, parsing.ParseStored(v))).ToList();
            var messages = SchemaCompatibility.Check(EffectiveLevel(subject), parsed, live);
            if (messages.Count > 0)
            {
                throw RegistryErrors.Incompatible(subject, messages);
            }
        }

        var record = new StoredSchema(subject, version, id, parsed.SchemaType, parsed.CanonicalText, request.References, Deleted: false);
        var writes = new List<StoreWrite>();

        // Older soft-deleted versions with the same id are tombstoned, unless something references them.
        foreach (var old in versions.Where(v => v.Deleted && v.Id == id && v.Version < version && ReferrersOf(v, includeDeleted: true).Count == 0))
        {
            writes.Add(new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Schema, subject, old.Version)), null));
        }

        writes.Add(SchemaWrite(record));
        await store.WriteAsync(writes, cancellationToken);
        if (State.Holds(record))
        {
            return id;
        }

        await RepairAsync(subject, version, cancellationToken);
        return null;
    }

    /// <summary>
    /// After a refused SCHEMA record: writes the key's applied value again (or a tombstone), so that compaction,
    /// which keeps the last record of a key, cannot later resurrect the refused one.
    /// </summary>
    private async Task RepairAsync(string subject, int version, CancellationToken cancellationToken)
    {
        var held = State.Versions(subject).FirstOrDefault(v => v.Version == version);
        await store.WriteAsync([held is null ? new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Schema, subject, version)), null) : SchemaWrite(held)], cancellationToken);
    }

    /// <summary>POST /subjects/{s}: the version of this subject holding the schema (newest first), else 40401/40403.</summary>
    public StoredSchema Lookup(string subject, RegisterRequest request, bool normalize, bool includeDeleted)
    {
        var versions = State.Versions(subject).Where(v => includeDeleted || !v.Deleted).Reverse().ToList();
        if (versions.Count == 0)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        normalize |= ConfigInScope(subject)?.Normalize == true;
        var parsed = parsing.ParseRequest(subject, request, isNew: false, normalize);
        var identity = new SchemaIdentity(parsed.SchemaType, parsed.CanonicalText, request.References);
        var found = versions.FirstOrDefault(v => v.Identity.Equals(identity));
        if (found is not null)
        {
            return found;
        }

        // The deep comparison: the stored schema parsed (and normalized like the request) gives the same text.
        foreach (var candidate in versions.Where(v => v.SchemaType == parsed.SchemaType))
        {
            var stored = parsing.ParseStored(candidate);
            if ((normalize ? stored.Normalize() : stored).CanonicalText == parsed.CanonicalText)
            {
                return candidate;
            }
        }

        throw RegistryErrors.SchemaNotFound();
    }

    /// <summary>The compatibility endpoints: against one version, or (null) against the live versions the level names.</summary>
    public (bool Compatible, IReadOnlyList<string> Messages) CheckCompatibility(string subject, VersionSpec? version, RegisterRequest request, bool normalize, bool verbose)
    {
        var live = State.Versions(subject).Where(v => !v.Deleted).ToList();
        List<StoredSchema> previous;
        if (version is not { } spec)
        {
            previous = live;
        }
        else if (spec.IsLatest)
        {
            previous = live.Count == 0 ? [] : [live[^1]];
        }
        else
        {
            previous = [spec.Find(live) ?? throw RegistryErrors.VersionNotFound(spec.Number)];
        }

        IParsedSchema parsed;
        try
        {
            parsed = parsing.ParseRequest(subject, request, isNew: true, normalize || ConfigInScope(subject)?.Normalize == true);
        }
        catch (RegistryException exception) when (verbose && exception.ErrorCode == 42201)
        {
            return (false, [exception.Message]);
        }

        var messages = SchemaCompatibility.Check(EffectiveLevel(subject), parsed, [.. previous.Select(v => (v, parsing.ParseStored(v)))]);
        return (messages.Count == 0, messages);
    }

    /// <summary>The ids of the schemas whose references point at this subject-version.</summary>
    public IReadOnlyList<int> ReferrersOf(StoredSchema target, bool includeDeleted) =>
        [.. State.All()
            .Where(s => (includeDeleted || !s.Deleted) && s.References.Any(r => r.Subject == target.Subject && r.Version == target.Version))
            .Select(s => s.Id)
            .Distinct()
            .Order()];

    public async Task<int> DeleteVersionAsync(string subject, VersionSpec spec, bool permanent, CancellationToken cancellationToken) =>
        await WriteLockedAsync(WriteMessages.DeleteVersion, async () =>
        {
            CheckNotReadOnly(subject);
            var versions = State.Versions(subject);
            if (versions.Count == 0)
            {
                throw RegistryErrors.SubjectNotFound(subject);
            }

            var target = (spec.IsLatest ? spec.Find([.. versions.Where(v => !v.Deleted)]) : spec.Find(versions)) ?? throw RegistryErrors.VersionNotFound(spec.Number);
            if (!permanent && target.Deleted)
            {
                throw RegistryErrors.VersionSoftDeleted(subject, target.Version);
            }

            if (permanent && !target.Deleted)
            {
                throw RegistryErrors.VersionNotSoftDeleted(subject, target.Version);
            }

            if (ReferrersOf(target, includeDeleted: permanent).Count > 0)
            {
                throw RegistryErrors.ReferenceExists(subject, target.Version);
            }

            var key = StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Schema, subject, target.Version));
            var writes = new List<StoreWrite> { permanent ? new StoreWrite(key, null) : SchemaWrite(target with { Deleted = true }) };
            if (permanent && versions.Count == 1)
            {
                writes.AddRange(SubjectSettingsTombstones(subject));
            }

            await store.WriteAsync(writes, cancellationToken);
            return target.Version;
        }, cancellationToken);

    public async Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, bool permanent, CancellationToken cancellationToken) =>
        await WriteLockedAsync<IReadOnlyList<int>>(WriteMessages.DeleteSubject, async () =>
        {
            CheckNotReadOnly(subject);
            var versions = State.Versions(subject);
            if (versions.Count == 0)
            {
                throw RegistryErrors.SubjectNotFound(subject);
            }

            var live = versions.Where(v => !v.Deleted).ToList();
            if (!permanent && live.Count == 0)
            {
                throw RegistryErrors.SubjectSoftDeleted(subject);
            }

            if (permanent && live.Count > 0)
            {
                throw RegistryErrors.SubjectNotSoftDeleted(subject);
            }

            foreach (var version in permanent ? versions : live)
            {
                if (ReferrersOf(version, includeDeleted: permanent).Count > 0)
                {
                    throw RegistryErrors.ReferenceExists(subject, version.Version);
                }
            }

            if (!permanent)
            {
                await store.WriteAsync(
                    [new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.DeleteSubject, subject)), StoreCodec.EncodeValue(new DeleteSubjectValue(subject, live[^1].Version)))],
                    cancellationToken);
                return live.Select(v => v.Version).ToList();
            }

            var writes = versions.OrderByDescending(v => v.Version)
                .Select(v => new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Schema, subject, v.Version)), null))
                .Concat(SubjectSettingsTombstones(subject))
                .ToList();
            await store.WriteAsync(writes, cancellationToken);
            return versions.Select(v => v.Version).ToList();
        }, cancellationToken);

    /// <summary>PUT /config[/{s}]: stores the level (and normalize, when given) for a subject, a context, or the top level (null).</summary>
    public Task SetConfigAsync(string? key, StoredConfig config, CancellationToken cancellationToken) =>
        WriteLockedAsync(WriteMessages.UpdateConfig, async () =>
        {
            await store.WriteAsync([new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Config, key)), StoreCodec.EncodeValue(new ConfigValue(config)))], cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>DELETE /config[/{s}]: removes the config; returns the one removed (null if none was set).</summary>
    public Task<StoredConfig?> DeleteConfigAsync(string? key, CancellationToken cancellationToken) =>
        WriteLockedAsync(WriteMessages.DeleteConfig, async () =>
        {
            var previous = State.Config(key);
            if (previous is not null)
            {
                await store.WriteAsync([new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Config, key)), null)], cancellationToken);
            }

            return previous;
        }, cancellationToken);

    /// <summary>PUT /mode[/{s}]: IMPORT needs an empty scope unless forced (its soft-deleted versions are then cleared).</summary>
    public Task SetModeAsync(string? key, string mode, bool force, CancellationToken cancellationToken) =>
        WriteLockedAsync(WriteMessages.UpdateMode, async () =>
        {
            if (!options.ModeMutability)
            {
                throw RegistryErrors.OperationNotPermitted("Mode changes are not allowed");
            }

            var writes = new List<StoreWrite>();
            if (mode == RegistryMode.Import)
            {
                var inScope = State.SubjectNames().Where(s => key is null || s == key || (key.EndsWith(':') && s.StartsWith(key, StringComparison.Ordinal))).ToList();
                if (!force && inScope.Any(s => State.Versions(s).Any(v => !v.Deleted)))
                {
                    throw RegistryErrors.OperationNotPermitted("Cannot import since found existing subjects");
                }

                writes.AddRange(inScope.Where(s => State.Versions(s).Any(v => v.Deleted))
                    .Select(s => new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.ClearSubject, s)), StoreCodec.EncodeValue(new ClearSubjectValue(s)))));
            }

            writes.Add(new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Mode, key)), StoreCodec.EncodeValue(new ModeValue(mode))));
            await store.WriteAsync(writes, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>DELETE /mode[/{s}]: removes the mode; returns the one removed (null if none was set).</summary>
    public Task<string?> DeleteModeAsync(string? key, CancellationToken cancellationToken) =>
        WriteLockedAsync(WriteMessages.DeleteMode, async () =>
        {
            if (!options.ModeMutability)
            {
                throw RegistryErrors.OperationNotPermitted("Mode changes are not allowed");
            }

            var previous = State.Mode(key);
            if (previous is not null)
            {
                await store.WriteAsync([new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Mode, key)), null)], cancellationToken);
            }

            return previous;
        }, cancellationToken);

    private void CheckNotReadOnly(string subject)
    {
        if (RegistryMode.IsReadOnly(ModeInScope(subject)))
        {
            throw RegistryErrors.OperationNotPermitted($"Subject {subject} is in read-only mode");
        }
    }

    /// <summary>Once a subject's last version is hard-deleted, its config and mode go too.</summary>
    private IEnumerable<StoreWrite> SubjectSettingsTombstones(string subject)
    {
        if (State.Config(subject) is not null)
        {
            yield return new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Config, subject)), null);
        }

        if (State.Mode(subject) is not null)
        {
            yield return new StoreWrite(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Mode, subject)), null);
        }
    }

    private static StoreWrite SchemaWrite(StoredSchema schema) =>
        new(StoreCodec.EncodeKey(new StoreKey(StoreKeyType.Schema, schema.Subject, schema.Version)), StoreCodec.EncodeValue(new SchemaValue(schema)));

    /// <summary>Runs a write alone, after reading the topic to its end; store failures become the operation's answers.</summary>
    private async Task<T> WriteLockedAsync<T>(WriteMessages messages, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (!await store.CatchUpAsync(TimeSpan.FromMilliseconds(options.StoreTimeoutMs), cancellationToken))
            {
                throw RegistryErrors.Timeout(messages.Timeout);
            }

            return await write();
        }
        catch (StoreFailureException exception)
        {
            throw exception.Kind switch
            {
                StoreFailureKind.TooLarge => RegistryErrors.SchemaTooLarge(),
                StoreFailureKind.Timeout => RegistryErrors.Timeout(messages.Timeout),
                _ => RegistryErrors.Store(messages.Store + (options.Debug ? ": " + exception.Message : string.Empty)),
            };
        }
        finally
        {
            _writes.Release();
        }
    }

    public void Dispose() => _writes.Dispose();
}
