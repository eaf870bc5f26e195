using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>
/// OpenSSH with the module: ssh-keygen -D prints the card's public keys, ssh -I logs into a local sshd
/// with a card key, and ssh-add -s hands the card to ssh-agent for ssh to use through the agent.
/// </summary>
public abstract class OpenSshTests<TCard>(TCard card) where TCard : ClientCard
{
    protected TCard Card { get; } = card;

    /// <summary>ssh -I into an sshd that accepts only the card key <paramref name="publicKeyPem"/>.</summary>
    protected void LogInWithProvider(string publicKeyPem)
    {
        using var server = new SshServer(Card.Dir, [SshClient.CardKeyLine(Module.Path, publicKeyPem)]);
        var client = new SshClient(Card.Dir, ClientCard.Pin);

        var r = client.Ssh(server, "echo logged in as $(id -un)", "-I", Module.Path);

        Assert.True(r.ExitCode == 0, r + "\n--- sshd ---\n" + server.Log);
        Assert.Contains("logged in as " + Environment.UserName, r.StdOut, StringComparison.Ordinal);
        server.WaitForLog($"Accepted publickey for {Environment.UserName} from 127.0.0.1");
    }

    /// <summary>ssh-add -s, then ssh with no -I into an sshd that accepts only the card key <paramref name="publicKeyPem"/>.</summary>
    protected void LogInThroughAgent(string publicKeyPem)
    {
        using var server = new SshServer(Card.Dir, [SshClient.CardKeyLine(Module.Path, publicKeyPem)]);
        var socket = Card.Dir.File($"agent-{Guid.NewGuid():N}.sock");
        // ssh-agent loads PKCS#11 modules only from an allow-list (-P); the default covers /usr/lib*/*.
        using var agent = BackgroundProcess.Start("ssh-agent", ["-D", "-a", socket, "-P", Module.Path]);
        agent.WaitForFile(socket);
        var client = new SshClient(Card.Dir, ClientCard.Pin) { AgentSocket = socket };

        var add = client.Run("ssh-add", "-s", Module.Path);
        Assert.True(add.ExitCode == 0, add + "\n--- agent ---\n" + agent.Output);
        var list = client.Run("ssh-add", "-L");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(SshClient.KeyFromPem(Card.RsaPublicKeyPem), list.StdOut, StringComparison.Ordinal);
        Assert.Contains(SshClient.KeyFromPem(Card.EcPublicKeyPem), list.StdOut, StringComparison.Ordinal);

        var r = client.Ssh(server, "echo through the agent");
        Assert.True(r.ExitCode == 0, r + "\n--- sshd ---\n" + server.Log + "\n--- agent ---\n" + agent.Output);
        Assert.Contains("through the agent", r.StdOut, StringComparison.Ordinal);

        var remove = client.Run("ssh-add", "-e", Module.Path);
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Contains("no identities", client.Run("ssh-add", "-l").StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Ssh_keygen_D_prints_the_card_public_keys()
    {
        var r = ProcessRunner.Run("ssh-keygen", "-D", Module.Path);
        Assert.True(r.ExitCode == 0, r.ToString());
        var keys = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(SshClient.KeyFromPem(Card.RsaPublicKeyPem) + " rsa2048", keys);
        Assert.Contains(SshClient.KeyFromPem(Card.EcPublicKeyPem) + " ecp256", keys);
    }

    [Fact]
    public void Ssh_I_logs_in_with_the_card_rsa_key() => LogInWithProvider(Card.RsaPublicKeyPem);

    [Fact]
    public void Ssh_add_s_puts_the_card_in_an_agent_and_ssh_logs_in_with_the_rsa_key_through_it() =>
        LogInThroughAgent(Card.RsaPublicKeyPem);
}

[Collection(PcscCollection.Name)]
public sealed class OpenSshOnV0Card(OpenScV0Card card) : OpenSshTests<OpenScV0Card>(card), IClassFixture<OpenScV0Card>;

/// <summary>ssh signs ECDSA over a hash it computes (CKM_ECDSA), which v1 cards sign and v0 cards do not.</summary>
[Collection(PcscCollection.Name)]
public sealed class OpenSshOnV1Card(SharpscV1Card card) : OpenSshTests<SharpscV1Card>(card), IClassFixture<SharpscV1Card>
{
    [Fact]
    public void Ssh_I_logs_in_with_the_card_ecdsa_key() => LogInWithProvider(Card.EcPublicKeyPem);

    [Fact]
    public void Ssh_logs_in_with_the_ecdsa_key_through_the_agent() => LogInThroughAgent(Card.EcPublicKeyPem);
}

[Collection(PcscCollection.Name)]
public sealed class OpenSshOnMyEidCard(SharpscMyEidCard card) : OpenSshTests<SharpscMyEidCard>(card), IClassFixture<SharpscMyEidCard>
{
    [Fact]
    public void Ssh_I_logs_in_with_the_card_ecdsa_key() => LogInWithProvider(Card.EcPublicKeyPem);
}
