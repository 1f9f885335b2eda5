namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// One open ledger batch (<see cref="LicenseLedger.BeginBatch"/>): every reservation and record joins one
/// transaction until <see cref="Commit"/>; disposing it without a commit rolls every record back.
/// </summary>
internal abstract class LedgerBatch : IDisposable
{
    public abstract void Commit();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
