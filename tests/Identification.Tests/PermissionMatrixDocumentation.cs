using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Tests;

/// <summary>The permission matrix in docs/roles.md is the code's: a change to one without the other fails here.</summary>
public class PermissionMatrixDocumentation
{
    [Test]
    public void The_roles_document_shows_the_permission_matrix_the_code_enforces()
    {
        var rows = File.ReadAllLines(Path.Combine(BrokerAdmin.RepositoryRoot(), "docs", "roles.md"))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(c => c[0].Trim('`'), c => c[1].Split(',', StringSplitOptions.TrimEntries).Order().ToArray());

        foreach (var (permission, roles) in Permissions.Matrix)
        {
            Assert.That(rows.ContainsKey(permission), Is.True, $"docs/roles.md lists {permission}");
            Assert.That(rows[permission], Is.EqualTo(roles.Order().ToArray()), $"docs/roles.md: roles for {permission}");
        }
        Assert.That(rows.Keys, Is.EquivalentTo(Permissions.Matrix.Keys));
    }
}
