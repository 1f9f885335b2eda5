using System.Security.Cryptography;
using System.Text;

namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// Checks a whole ledger, as after a move between databases or a restore from backup: every recorded file
/// matches its SHA-256, is signed by a trusted key, and says what its record says (serial, lineage,
/// revision, token, kind); every lineage's revisions run 1, 2, 3… without a hole (a burned reservation
/// holds its number), in serial order, and the lineage is its first serial; no serial is above the
/// ledger's highest one handed out.
/// </summary>
internal static class LedgerCheck
{
    /// <summary>The problems found, each naming the serial or lineage; none for a consistent ledger.</summary>
    public static IReadOnlyList<string> Run(LicenseLedger ledger, LicenseVerifier verifier, out int licenses)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(verifier);
        var problems = new List<string>();
        var entries = ledger.All().ToList();
        var reserved = ledger.Reservations();
        var lastSerial = ledger.LastSerial();
        licenses = entries.Count;
        foreach (var e in entries)
        {
            if (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.Text))) != e.Sha256)
            {
                problems.Add($"serial {e.Serial}: the recorded file does not match its SHA-256.");
            }

            var verified = verifier.Verify(e.Text);
            if (!verified.IsGenuine)
            {
                problems.Add($"serial {e.Serial}: the recorded file does not verify: {verified.Reason}");
                continue;
            }

            var d = verified.License;
            var differences = new List<string>();
            Compare(differences, "serial", e.Serial, d.Serial);
            Compare(differences, "lineage", e.Lineage, d.Lineage);
            Compare(differences, "revision", e.Revision, d.Revision);
            Compare(differences, "token", e.Token, d.Token);
            Compare(differences, "kind", e.Kind, LicenseLedger.Kind(d.Kind));
            if (differences.Count > 0)
            {
                problems.Add($"serial {e.Serial}: the record and its signed file disagree on {string.Join(", ", differences)}.");
            }
        }

        var rows = entries.Select(e => (e.Serial, e.Lineage, e.Revision)).Concat(reserved.Select(r => (r.Serial, r.Lineage, r.Revision))).ToList();
        foreach (var serial in rows.Where(r => r.Serial < LicenseLedger.FirstSerial || r.Serial > lastSerial).Select(r => r.Serial))
        {
            problems.Add($"serial {serial} is outside the serials the ledger has handed out ({LicenseLedger.FirstSerial} to {lastSerial}): the next ones could repeat it.");
        }

        foreach (var lineage in rows.GroupBy(r => r.Lineage).OrderBy(g => g.Key))
        {
            var byRevision = lineage.OrderBy(r => r.Revision).ToList();
            if (!byRevision.Select(r => r.Revision).SequenceEqual(Enumerable.Range(1, byRevision.Count)))
            {
                problems.Add($"lineage {lineage.Key}: its revisions are {string.Join(", ", byRevision.Select(r => r.Revision))}, not 1 to {byRevision.Count}.");
            }
            else if (byRevision[0].Serial != lineage.Key)
            {
                problems.Add($"lineage {lineage.Key}: its first revision is serial {byRevision[0].Serial}, not the lineage's number.");
            }

            if (!byRevision.Select(r => r.Serial).SequenceEqual(byRevision.Select(r => r.Serial).Order()))
            {
                problems.Add($"lineage {lineage.Key}: its revisions are not in serial order.");
            }
        }

        return problems;
    }

    private static void Compare<T>(List<string> differences, string field, T recorded, T signed)
    {
        if (!EqualityComparer<T>.Default.Equals(recorded, signed))
        {
            differences.Add($"{field} (recorded {recorded}, signed {signed})");
        }
    }
}
