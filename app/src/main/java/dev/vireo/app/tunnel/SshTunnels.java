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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console traffic to SSH hosts through one SSH session per host: an OpenSSH control master is
 * started the first time a console of that host needs it, and every console channel after that is
 * a local port forwarded through it ({@code ssh -O forward}), so a host with ten consoles of four
 * channels each still has one login (virt-manager opens an ssh process per channel). The login uses
 * what the libvirt URI names: user, port, key file, known-hosts file, no_verify. It never prompts:
 * a host that wants a password needs a key or an agent for its consoles. File I/O and processes:
 * never on the FX thread.
 */
public final class SshTunnels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SshTunnels.class);
    private static final Duration LOGIN = Duration.ofSeconds(20);

    /** The SSH login a libvirt URI makes. */
    public record Login(String user, String host, int port, String keyFile, String knownHosts, boolean noVerify) {

        String key() {
            return user + "@" + host + ":" + port;
        }

        List<String> options() {
            List<String> o = new ArrayList<>(List.of("-p", Integer.toString(port), "-o", "BatchMode=yes",
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

    public SshTunnels() throws IOException {
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
                    q.get("known_hosts"), "1".equals(q.get("no_verify"))));
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

    /** The control socket of {@code login}'s session, logging in when there is none (or it ended). */
    private Path master(Login login) {
        Path control = dir.resolve("ctl-" + Integer.toHexString(login.key().hashCode()));
        Process p = masters.get(login.key());
        if (p != null && p.isAlive() && Files.exists(control)) {
            return control;
        }
        List<String> cmd = new ArrayList<>(List.of("ssh", "-M", "-S", control.toString(), "-N",
                "-o", "ControlPersist=no", "-o", "ExitOnForwardFailure=no"));
        cmd.addAll(login.options());
        cmd.add(login.destination());
        try {
            Process started = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            long deadline = System.nanoTime() + LOGIN.toNanos();
            while (!Files.exists(control)) {
                if (!started.isAlive()) {
                    String err = new String(started.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    throw new VirtException("Could not log in to " + login.host() + " over SSH for its consoles: "
                            + (err.contains("Permission denied") ? "the server wants a password; consoles need a key or an"
                            + " SSH agent" : err.isEmpty() ? "ssh ended" : err), String.join(" ", cmd) + ": " + err);
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
