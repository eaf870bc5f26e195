# SharpSC on Windows: the same contract as build.sh where Windows allows it.
#   .\build.ps1            build: artifacts\lib\sharpsc-pkcs11.dll (winscard), artifacts\bin\sharpsc.exe, artifacts\bin\sharpsc-vcard.exe
#   .\build.ps1 test       build + the test projects that need no pcscd/vpcd (unit and in-process layers);
#                          the full-stack layer needs a virtual reader driver (vpcd for Windows: vsmartcard's
#                          BixVReader) and runs only where SHARPSC_FULLSTACK=1 says one is installed.
# NativeAOT on Windows needs the Visual Studio C++ build tools ("Desktop development with C++").
param([ValidateSet('build', 'test', 'help')][string]$Command = 'build')
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$Artifacts = Join-Path $PSScriptRoot 'artifacts'
$Rid = if ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'Arm64') { 'win-arm64' } else { 'win-x64' }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Publish([string]$Project, [string]$Out) {
    dotnet publish $Project -c Release -r $Rid -o $Out --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { throw "dotnet publish $Project failed" }
}

function Invoke-Build {
    New-Item -ItemType Directory -Force -Path "$Artifacts\lib", "$Artifacts\bin", "$Artifacts\obj" | Out-Null
    dotnet build Pkcs11Module.sln -c Release --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { throw 'dotnet build failed' }
    Publish 'native-exports/SharpSC.Native' "$Artifacts\obj\native"
    Copy-Item "$Artifacts\obj\native\sharpsc-pkcs11.dll" "$Artifacts\lib\sharpsc-pkcs11.dll" -Force
    Publish 'src/SharpSC.Cli' "$Artifacts\obj\cli"
    Copy-Item "$Artifacts\obj\cli\sharpsc.exe" "$Artifacts\bin\sharpsc.exe" -Force
    Publish 'src/SharpSC.VirtualCard.Cli' "$Artifacts\obj\vcard"
    Copy-Item "$Artifacts\obj\vcard\sharpsc-vcard.exe" "$Artifacts\bin\sharpsc-vcard.exe" -Force
    Write-Host 'built: artifacts\lib\sharpsc-pkcs11.dll artifacts\bin\sharpsc.exe artifacts\bin\sharpsc-vcard.exe'
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $Artifacts 'test-results'
    Remove-Item -Recurse -Force $results -ErrorAction SilentlyContinue
    $projects = @('tests/SharpSC.Pkcs15.Tests', 'tests/SharpSC.Cards.Tests', 'tests/SharpSC.VirtualCard.Tests', 'tests/SharpSC.Pkcs11.Tests')
    if ($env:SHARPSC_FULLSTACK -eq '1') { $projects += 'tests/SharpSC.FullStack.Tests' }
    $status = 0
    foreach ($p in $projects) {
        $name = Split-Path $p -Leaf
        dotnet test $p -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory $results
        if ($LASTEXITCODE -ne 0) { $status = 1 }
    }
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($trx in Get-ChildItem $results -Filter *.trx) {
        $c = ([xml](Get-Content $trx.FullName)).TestRun.ResultSummary.Counters
        $passed += [int]$c.passed
        $failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        $skipped += [int]$c.notExecuted
    }
    if ($status -ne 0 -and $failed -eq 0) { $failed = 1 }
    Write-Output "$passed passed, $failed failed, $skipped skipped"
    if ($failed -ne 0) { exit 1 }
}

switch ($Command) {
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'help' { Get-Content $PSCommandPath | Select-Object -Skip 1 -First 6 }
}
