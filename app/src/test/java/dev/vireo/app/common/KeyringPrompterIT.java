package dev.vireo.app.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.auth.Keyring;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passwords remembered in a real Secret Service (the test bed's GNOME keyring on its own session
 * bus): stored, found, forgotten; and a password connection answered from the keyring without a
 * dialog, also when reconnecting unattended.
 */
class KeyringPrompterIT {

    private TestBed bed;
    private Keyring keyring;
    private String uri;
    private HostConnection connection;

    @BeforeEach
    void keyring() {
        bed = TestBed.require();
        bed.useSessionBus();
        keyring = Keyring.open().orElseThrow(() -> new AssertionError("libsecret is not installed"));
        uri = bed.libsshUri(bed.sshUser(), "known_hosts=" + bed.knownHosts() + "&sshauth=password&t="
                + ProcessHandle.current().pid());
    }

    @AfterEach
    void forget() {
        if (connection != null) {
            TestHosts.close(connection);
        }
        keyring.forget(uri);
    }

    @Test
    void aSecretIsRememberedFoundAndForgotten() {
        String question = "Enter vireotest's password for 127.0.0.1";
        assertThat(keyring.lookup(uri, question)).isEmpty();

        assertThat(keyring.store(uri, question, "Vireo: test", "pässwörd “1” & <x> 密码".toCharArray())).isTrue();

        assertThat(keyring.lookup(uri, question)).hasValueSatisfying(s -> assertThat(new String(s)).isEqualTo("pässwörd “1” & <x> 密码"));
        assertThat(keyring.lookup(uri, "another question")).isEmpty();
        keyring.forget(uri);
        assertThat(keyring.lookup(uri, question)).isEmpty();
    }

    @Test
    void aRememberedPasswordConnectsWithoutADialog() throws Exception {
        keyring.store(uri, "Enter " + bed.sshUser() + "'s password for " + bed.sshHost(), "Vireo: test", bed.sshPassword());
        DialogService noDialogs = (DialogService) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DialogService.class}, (proxy, method, args) -> {
                    throw new AssertionError("a dialog was shown: " + method.getName());
                });
        FxPrompter prompter = new FxPrompter(() -> noDialogs, () -> Optional.of(keyring));
        LibvirtEventLoop.ensureStarted();

        connection = new HostConnection(new HostUri(uri, "remembered"), prompter);
        connection.open().get(60, TimeUnit.SECONDS);
        assertThat(connection.status().get().state()).hasToString("CONNECTED");

        // what automatic reconnects use: the keyring, no one asked
        assertThat(prompter.unattended().secret(new dev.vireo.bridge.auth.AuthPrompt.Secret("remembered", uri,
                "Enter " + bed.sshUser() + "'s password for " + bed.sshHost(), 1))).isPresent();
    }
}
