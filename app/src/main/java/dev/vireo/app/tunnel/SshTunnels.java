package dev.vireo.app.tunnel;

import dev.vireo.bridge.VirtException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import dev.vireo.bridge.auth.Prompter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console traffic to SSH hosts through one SSH session per host: an OpenSSH control master is
 * started the first time a console of that host needs it, and every console channel after that is
 * a local port forwarded through it ({@code ssh -O forward}), so a host with ten consoles of four
 * channels each still has one login (virt-manager opens an ssh process per channel). The login uses
 * what the libvirt URI names: user, port, key file, known-hosts file, no_verify. Keys and agents
 * are tried first; a host that wants a password gets the one the connection's {@link Prompter}
 * gives (remembered in the keyring under the connection's URI, or asked for), passed to ssh through
 * its askpass program reading a FIFO in a private directory: never on a command line, in the
 * environment or in a file. File I/O and processes: never on the FX thread.
 */
public final class SshTunnels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SshTunnels.class);
    private static final Duration LOGIN = Duration.ofSeconds(20);

    /** The SSH login a libvirt URI makes. */
    public record Login(String user, String host, int port, String keyFile, String knownHosts, boolean noVerify, String uri) {

        String key() {
            return user + "@" + host + ":" + port;
        }

        List<String> options() {
            return options(true);
        }

        /** {@code batch}: never ask anything (no askpass either). */
        List<String> options(boolean batch) {
            List<String> o = new ArrayList<>(List.of("-p", Integer.toString(port), "-o", "BatchMode=" + (batch ? "yes" : "no"),
                    "-o", "ServerAliveInterval=10", "-o", "ServerAliveCountMax=3"));
            if (keyFile != null && !keyFile.isEmpty()) {
                o.addAll(List.of("-i", keyFile, "-o", "IdentitiesOnly=yes"));
            }
            if (knownHosts != null && !knownHosts.isEmpty()) {
                o.addAll(List.of("-o", "UserKnownHostsFile=" + knownHosts));
            }
            if (noVerify) {
                o.addAll(List.of("-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"));
            } else {
                o.addAll(List.of("-o", "StrictHostKeyChecking=yes"));
            }
            return o;
        }

        String destination() {
            return user == null || user.isEmpty() ? host : user + "@" + host;
        }
    }

    private final Path dir;
    private final Map<String, Process> masters = new HashMap<>();
    private final Prompter prompter;

    /** Tunnels that never ask for a password (a host needs a key or an agent). */
    public SshTunnels() throws IOException {
        this(Prompter.NONE);
    }

    /** Tunnels that ask {@code prompter} for a password when a host wants one. */
    public SshTunnels(Prompter prompter) throws IOException {
        this.prompter = prompter;
        this.dir = Files.createTempDirectory("vireo-ssh-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** The SSH login of a {@code qemu+ssh://} or {@code qemu+libssh://} URI; empty for other transports. */
    public static Optional<Login> loginOf(String libvirtUri) {
        try {
            URI u = new URI(libvirtUri);
            String scheme = u.getScheme() == null ? "" : u.getScheme();
            if (!scheme.endsWith("+ssh") && !scheme.endsWith("+libssh") && !scheme.endsWith("+libssh2") || u.getHost() == null) {
                return Optional.empty();
            }
            Map<String, String> q = new HashMap<>();
            if (u.getRawQuery() != null) {
                for (String p : u.getRawQuery().split("&")) {
                    int eq = p.indexOf('=');
                    q.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String user = u.getUserInfo() == null ? System.getProperty("user.name") : u.getUserInfo();
            return Optional.of(new Login(user, u.getHost(), u.getPort() < 0 ? 22 : u.getPort(), q.get("keyfile"),
                    q.get("known_hosts"), "1".equals(q.get("no_verify")), libvirtUri));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * A port on this machine's loopback that leads, through {@code login}'s SSH session, to
     * {@code remoteHost:remotePort} as the SSH host sees it. Starts the session on first use.
     */
    public synchronized int forward(Login login, String remoteHost, int remotePort) {
        Path control = master(login);
        int local = freePort();
        List<String> cmd = new ArrayList<>(List.of("ssh", "-S", control.toString(), "-O", "forward",
                "-L", "127.0.0.1:" + local + ":" + remoteHost + ":" + remotePort));
        cmd.addAll(login.options());
        cmd.add(login.destination());
        Result r = run(cmd, Duration.ofSeconds(10));
        if (r.code != 0) {
            throw new VirtException("Could not reach the console through SSH to " + login.host() + ": " + r.err.strip(),
                    String.join(" ", cmd) + ": " + r.err);
        }
        LOG.info("console tunnel 127.0.0.1:{} -> {}:{} via {}", local, remoteHost, remotePort, login.key());
        return local;
    }

    /**
     * The text of a file on {@code login}'s host, read through its SSH session (no new login), or
     * empty where it is missing or not readable there.
     */
    public synchronized Optional<String> read(Login login, String path) {
        Path control = master(login);
        List<String> cmd = new ArrayList<>(List.of("ssh", "-S", control.toString()));
        cmd.addAll(login.options());
        cmd.add(login.destination());
        cmd.addAll(List.of("cat", "--", path));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes(); // small files; ssh ends when cat does
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            LOG.info("could not read {} on {}: {}", path, login.key(), e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The control socket of {@code login}'s session, logging in when there is none (or it ended). */
    private Path master(Login login) {
        Path control = dir.resolve("ctl-" + Integer.toHexString(login.key().hashCode()));
        Process p = masters.get(login.key());
        if (p != null && p.isAlive() && Files.exists(control)) {
            return control;
        }
        boolean asking = prompter != Prompter.NONE;
        List<String> cmd = new ArrayList<>(List.of("ssh", "-M", "-S", control.toString(), "-N",
                "-o", "ControlPersist=no", "-o", "ExitOnForwardFailure=no"));
        cmd.addAll(login.options(!asking));
        cmd.add(login.destination());
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.PIPE);
            Path fifo = asking ? askpass(builder, login) : null;
            Process started = builder.start();
            if (fifo != null) {
                feedPasswords(started, control, fifo, login);
            }
            long deadline = System.nanoTime() + LOGIN.toNanos();
            while (!Files.exists(control)) {
                if (!started.isAlive()) {
                    String err = new String(started.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    throw new VirtException("Could not log in to " + login.host() + " over SSH for its consoles: "
                            + (!err.contains("Permission denied") ? err.isEmpty() ? "ssh ended" : err
                            : asking ? "the server refused the password" : "the server wants a password; consoles need"
                            + " a key or an SSH agent"), String.join(" ", cmd) + ": " + err);
                }
                if (System.nanoTime() > deadline) {
                    started.destroyForcibly();
                    throw new VirtException("Could not log in to " + login.host() + " over SSH for its consoles: no answer"
                            + " within " + LOGIN.toSeconds() + " s.", String.join(" ", cmd));
                }
                Thread.sleep(20);
            }
            masters.put(login.key(), started);
            LOG.info("SSH session for consoles of {} (pid {})", login.key(), started.pid());
            return control;
        } catch (IOException e) {
            throw new VirtException("Could not start ssh: " + e.getMessage(), e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException("Interrupted while logging in to " + login.host() + ".", e.toString(), e);
        }
    }

    /**
     * Makes ssh read passwords from its askpass program, which prints what arrives on a FIFO of
     * this login's own in the private directory; returns the FIFO.
     */
    private Path askpass(ProcessBuilder builder, Login login) throws IOException {
        Path script = dir.resolve("askpass");
        if (!Files.exists(script)) {
            Files.writeString(script, "#!/bin/sh\n# ssh asks for a password: Vireo writes it into this FIFO\nexec cat \"$VIREO_ASKPASS_FIFO\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        Path fifo = dir.resolve("pw-" + Integer.toHexString(login.key().hashCode()));
        makeFifo(fifo);
        builder.environment().put("SSH_ASKPASS", script.toString());
        builder.environment().put("SSH_ASKPASS_REQUIRE", "force");
        builder.environment().put("VIREO_ASKPASS_FIFO", fifo.toString());
        return fifo;
    }

    /** A new FIFO at {@code fifo}, replacing what was there. */
    private static void makeFifo(Path fifo) throws IOException {
        Files.deleteIfExists(fifo);
        Result r = run(List.of("mkfifo", "-m", "600", fifo.toString()), Duration.ofSeconds(5));
        if (r.code != 0) {
            throw new IOException("mkfifo: " + r.err.strip());
        }
    }

    /**
     * Answers each password question of {@code ssh} (each time its askpass opens the FIFO) with
     * what the prompter gives, until the session is up or ssh has ended; a cancelled question
     * ends the login.
     */
    private void feedPasswords(Process ssh, Path control, Path fifo, Login login) {
        Thread feeder = new Thread(() -> {
            int attempt = 0;
            while (ssh.isAlive() && !Files.exists(control)) {
                try (var out = new java.io.FileOutputStream(fifo.toFile())) { // waits until askpass reads
                    if (Files.exists(control) || !ssh.isAlive()) {
                        break; // opened by feedPasswords' own release below
                    }
                    attempt++;
                    // libvirt's own question for an SSH password, word for word: a password the
                    // connection remembered in the keyring answers the consoles' login too
                    Optional<char[]> pw = prompter.secret(new dev.vireo.bridge.auth.AuthPrompt.Secret(login.host(),
                            login.uri(), "Enter " + login.user() + "'s password for " + login.host(), attempt));
                    if (pw.isEmpty()) {
                        ssh.destroy();
                        break;
                    }
                    java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pw.get()));
                    java.util.Arrays.fill(pw.get(), '\0');
                    byte[] raw = new byte[bytes.remaining() + 1];
                    bytes.get(raw, 0, raw.length - 1);
                    raw[raw.length - 1] = '\n';
                    out.write(raw);
                    java.util.Arrays.fill(raw, (byte) 0);
                    java.util.Arrays.fill(bytes.array(), (byte) 0);
                    out.close();
                    // a FIFO of its own for the next question: askpass may still hold this one open,
                    // and opening it again would find that reader and answer a question not asked
                    makeFifo(fifo);
                } catch (IOException e) {
                    LOG.debug("askpass FIFO of {}: {}", login.key(), e.getMessage());
                }
            }
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException e) {
                LOG.debug("could not delete {}: {}", fifo, e.getMessage());
            }
        }, "ssh-askpass-" + login.host());
        feeder.setDaemon(true);
        feeder.start();
        // once ssh is logged in or gone, a feeder still waiting for a reader is let go
        ssh.onExit().thenRun(() -> release(fifo));
        Thread watcher = new Thread(() -> {
            while (ssh.isAlive() && !Files.exists(control)) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            release(fifo);
        }, "ssh-login-" + login.host());
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Opens the FIFO and closes it again: a writer waiting in open() goes on. Read-write, which
     * on Linux never waits for the other end (read-only would wait for a writer that may not come).
     */
    private static void release(Path fifo) {
        if (Files.exists(fifo)) {
            try (var any = new java.io.RandomAccessFile(fifo.toFile(), "rw")) {
                any.getFD();
            } catch (IOException e) {
                // gone meanwhile
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new VirtException("No free local port for a console tunnel: " + e.getMessage(), e.toString(), e);
        }
    }

    private record Result(int code, String err) {
    }

    private static Result run(List<String> cmd, Duration limit) {
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "ssh did not answer within " + limit.toSeconds() + " s");
            }
            return new Result(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** How many SSH sessions are open (one per host with consoles). */
    public synchronized int sessions() {
        return (int) masters.values().stream().filter(Process::isAlive).count();
    }

    @Override
    public synchronized void close() {
        masters.values().forEach(Process::destroy);
        masters.clear();
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debug("could not clean {}: {}", dir, e.getMessage());
        }
    }
}
