# Sourced by the startup benchmarks: installs a license for this machine's token, signed with the
# example key, into the state folder $2, using the coldstart program $1 (which trusts that key).
install_example_license() {
  local coldstart=$1 state=$2 scratch
  scratch=$(mktemp -d)
  dotnet build -c Release src/Xcally.Licensing.Signer -v q -nologo >/dev/null
  local signer=src/Xcally.Licensing.Signer/bin/Release/net10.0/Xcally.Licensing.Signer
  echo "installing a license for this machine's token (example key)"
  "$signer" issue samples/requests/new-license.json --token "$("$signer" token show)" --key keys.example/example.private.pem \
    --ledger "$scratch/ledger.db" --out "$scratch/license.lic" >/dev/null 2>&1
  "$coldstart" "$state" --install "$scratch/license.lic"
  rm -rf "$scratch"
}
