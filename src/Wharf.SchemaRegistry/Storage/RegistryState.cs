using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry.Storage;

/// <summary>
/// The registry's state as the _schemas topic describes it, built by applying every record in offset order (the
/// original's lookup cache). Applying is deterministic, so every instance that has read to the same offset holds
/// the same state. It is also the registry's last line against two writers: a SCHEMA record that would give one
/// id to two schemas, two ids to one schema (in a context), or replace a subject-version with another schema is
/// refused, by every instance alike; the writer of such a record sees it refused when it reads it back.
/// Thread-safe: every member takes one lock, and answers with copies.
/// </summary>
public sealed class RegistryState
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, SortedDictionary<int, StoredSchema>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Context, int Id), IdEntry> _ids = [];
    private readonly Dictionary<(string Context, SchemaIdentity Identity), int> _byIdentity = [];
    private readonly Dictionary<string, int> _maxIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredConfig> _configs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _modes = new(StringComparer.Ordinal);

    /// <summary>Applies one record; returns why a SCHEMA record was refused, or null.</summary>
    public string? Apply(StoreKey key, StoreValue? value)
    {
        lock (_gate)
        {
            switch (key.Type)
            {
                case StoreKeyType.Schema when value is SchemaValue schema:
                    return Put(schema.Schema);
                case StoreKeyType.Schema:
                    Remove(key.Subject!, key.Version);
                    return null;
                case StoreKeyType.Config:
                    Set(_configs, key.Subject ?? string.Empty, (value as ConfigValue)?.Config);
                    return null;
                case StoreKeyType.Mode:
                    Set(_modes, key.Subject ?? string.Empty, (value as ModeValue)?.Mode);
                    return null;
                case StoreKeyType.DeleteSubject when value is DeleteSubjectValue delete && _subjects.TryGetValue(delete.Subject, out var versions):
                    foreach (var (version, stored) in versions.Where(v => v.Key <= delete.Version).ToList())
                    {
                        versions[version] = stored with { Deleted = true };
                    }

                    return null;
                case StoreKeyType.ClearSubject when value is ClearSubjectValue clear && _subjects.TryGetValue(clear.Subject, out var cleared):
                    foreach (var stored in cleared.Values.Where(v => v.Deleted).ToList())
                    {
                        Remove(stored.Subject, stored.Version);
                    }

                    return null;
                default:
                    return null;
            }
        }
    }

    /// <summary>Whether the state holds exactly this subject-version (a writer's check that its record was applied, not refused).</summary>
    public bool Holds(StoredSchema schema)
    {
        lock (_gate)
        {
            return _subjects.TryGetValue(schema.Subject, out var versions) && versions.TryGetValue(schema.Version, out var held)
                && held.Id == schema.Id && held.Deleted == schema.Deleted && held.Identity.Equals(schema.Identity);
        }
    }

    /// <summary>Every version of a subject, soft-deleted ones included, ascending; empty for an unknown subject.</summary>
    public IReadOnlyList<StoredSchema> Versions(string subject)
    {
        lock (_gate)
        {
            return _subjects.TryGetValue(subject, out var versions) ? [.. versions.Values] : [];
        }
    }

    /// <summary>Every subject-version of every subject, in subject then version order.</summary>
    public IReadOnlyList<StoredSchema> All()
    {
        lock (_gate)
        {
            return [.. _subjects.Values.SelectMany(v => v.Values)];
        }
    }

    public IReadOnlyList<string> SubjectNames()
    {
        lock (_gate)
        {
            return [.. _subjects.Keys];
        }
    }

    /// <summary>The subject-versions that use schema <paramref name="id"/> of a context (soft-deleted ones included).</summary>
    public IReadOnlyList<StoredSchema> UsesOf(string context, int id)
    {
        lock (_gate)
        {
            return _ids.TryGetValue((context, id), out var entry)
                ? [.. entry.Uses.Select(u => _subjects[u.Subject][u.Version]).OrderBy(s => s.Subject, StringComparer.Ordinal).ThenBy(s => s.Version)]
                : [];
        }
    }

    public SchemaIdentity? IdentityOf(string context, int id)
    {
        lock (_gate)
        {
            return _ids.TryGetValue((context, id), out var entry) ? entry.Identity : null;
        }
    }

    public int? IdOf(string context, SchemaIdentity identity)
    {
        lock (_gate)
        {
            return _byIdentity.TryGetValue((context, identity), out var id) ? id : null;
        }
    }

    /// <summary>The highest id ever applied in a context (0 when none): the next id is one more.</summary>
    public int MaxId(string context)
    {
        lock (_gate)
        {
            return _maxIds.GetValueOrDefault(context);
        }
    }

    /// <summary>The contexts that hold subjects, with the default context always first.</summary>
    public IReadOnlyList<string> Contexts()
    {
        lock (_gate)
        {
            return [QualifiedSubject.DefaultContext, .. _subjects.Keys.Select(QualifiedSubject.ContextOf).Where(c => c != QualifiedSubject.DefaultContext).Distinct().Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Whether any subject (soft-deleted ones included) lives in <paramref name="context"/> (".ctx", or "." for the default).</summary>
    public bool HasSubjectsIn(string context)
    {
        lock (_gate)
        {
            return _subjects.Keys.Any(subject => QualifiedSubject.ContextOf(subject) == context);
        }
    }

    /// <summary>The config stored for a subject or context key, or for the top level (null).</summary>
    public StoredConfig? Config(string? subject)
    {
        lock (_gate)
        {
            return _configs.GetValueOrDefault(subject ?? string.Empty);
        }
    }

    public string? Mode(string? subject)
    {
        lock (_gate)
        {
            return _modes.GetValueOrDefault(subject ?? string.Empty);
        }
    }

    private string? Put(StoredSchema schema)
    {
        var context = schema.Context;
        var identity = schema.Identity;
        if (_ids.TryGetValue((context, schema.Id), out var entry) && !entry.Identity.Equals(identity))
        {
            return "schema id " + schema.Id + " is already used by another schema";
        }

        if (_byIdentity.TryGetValue((context, identity), out var otherId) && otherId != schema.Id)
        {
            return "the schema already has id " + otherId;
        }

        if (!_subjects.TryGetValue(schema.Subject, out var versions))
        {
            versions = [];
            _subjects[schema.Subject] = versions;
        }

        if (versions.TryGetValue(schema.Version, out var existing) && (existing.Id != schema.Id || !existing.Identity.Equals(identity)))
        {
            return "version " + schema.Version + " of " + schema.Subject + " already holds schema id " + existing.Id;
        }

        versions[schema.Version] = schema;
        if (entry is null)
        {
            entry = new IdEntry(identity);
            _ids[(context, schema.Id)] = entry;
            _byIdentity[(context, identity)] = schema.Id;
        }

        entry.Uses.Add((schema.Subject, schema.Version));
        _maxIds[context] = Math.Max(_maxIds.GetValueOrDefault(context), schema.Id);
        return null;
    }

    private void Remove(string subject, int version)
    {
        if (!_subjects.TryGetValue(subject, out var versions) || !versions.Remove(version, out var removed))
        {
            return;
        }

        if (versions.Count == 0)
        {
            _subjects.Remove(subject);
        }

        var key = (removed.Context, removed.Id);
        if (_ids.TryGetValue(key, out var entry))
        {
            entry.Uses.Remove((subject, version));
            if (entry.Uses.Count == 0)
            {
                _ids.Remove(key);
                _byIdentity.Remove((removed.Context, entry.Identity));
            }
        }
    }

    private static void Set<T>(Dictionary<string, T> map, string key, T? value)
        where T : class
    {
        if (value is null)
        {
            map.Remove(key);
        }
        else
        {
            map[key] = value;
        }
    }

    private sealed class IdEntry(SchemaIdentity identity)
    {
        public SchemaIdentity Identity { get; } = identity;

        public HashSet<(string Subject, int Version)> Uses { get; } = [];
    }
}
