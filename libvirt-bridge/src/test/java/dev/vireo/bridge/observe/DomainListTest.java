package dev.vireo.bridge.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.model.DomainDescription;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DomainListTest {

    private final DomainList list = new DomainList();
    private final Recorder recorder = new Recorder();

    @Test
    void putReportsANewDomain() {
        list.subscribe(recorder);
        VirtualMachine web = vm("web", 1, DomainState.RUNNING);

        list.put(web);

        assertThat(recorder.changes).containsExactly(new Change(List.of(web), Set.of()));
        assertThat(list.get(web.key())).isEqualTo(web);
        assertThat(list.size()).isEqualTo(1);
    }

    @Test
    void putOfAnEqualRecordReportsNothing() {
        list.put(vm("web", 1, DomainState.RUNNING));
        list.subscribe(recorder);
        recorder.changes.clear();

        list.put(vm("web", 1, DomainState.RUNNING));

        assertThat(recorder.changes).isEmpty();
    }

    @Test
    void putOfAChangedRecordReportsTheNewOne() {
        list.put(vm("web", 1, DomainState.RUNNING));
        list.subscribe(recorder);
        recorder.changes.clear();
        VirtualMachine paused = vm("web", 1, DomainState.PAUSED);

        list.put(paused);

        assertThat(recorder.changes).containsExactly(new Change(List.of(paused), Set.of()));
        assertThat(list.snapshot()).containsExactly(paused);
    }

    @Test
    void removeReportsTheKeyOnlyWhenItWasThere() {
        VirtualMachine web = vm("web", 1, DomainState.RUNNING);
        list.put(web);
        list.subscribe(recorder);
        recorder.changes.clear();

        list.remove("conn/no-such-uuid");
        list.remove(web.key());
        list.remove(web.key());

        assertThat(recorder.changes).containsExactly(new Change(List.of(), Set.of(web.key())));
        assertThat(list.size()).isZero();
    }

    @Test
    void replaceAllReportsAddedChangedAndRemovedButNotUnchanged() {
        VirtualMachine unchanged = vm("unchanged", 1, DomainState.RUNNING);
        VirtualMachine changing = vm("changing", 2, DomainState.RUNNING);
        VirtualMachine leaving = vm("leaving", 3, DomainState.SHUTOFF);
        list.replaceAll(List.of(unchanged, changing, leaving));
        list.subscribe(recorder);
        recorder.changes.clear();
        VirtualMachine changed = vm("changing", 2, DomainState.SHUTOFF);
        VirtualMachine added = vm("added", 4, DomainState.PAUSED);

        list.replaceAll(List.of(vm("unchanged", 1, DomainState.RUNNING), changed, added));

        assertThat(recorder.changes).hasSize(1);
        Change change = recorder.changes.get(0);
        assertThat(change.upserted()).containsExactlyInAnyOrder(changed, added);
        assertThat(change.removed()).containsExactly(leaving.key());
        assertThat(list.snapshot()).containsExactly(unchanged, changed, added);
    }

    @Test
    void replaceAllWithTheSameContentReportsNothing() {
        list.replaceAll(List.of(vm("a", 1, DomainState.RUNNING), vm("b", 2, DomainState.SHUTOFF)));
        list.subscribe(recorder);
        recorder.changes.clear();

        list.replaceAll(List.of(vm("a", 1, DomainState.RUNNING), vm("b", 2, DomainState.SHUTOFF)));

        assertThat(recorder.changes).isEmpty();
    }

    @Test
    void clearReportsEveryKey() {
        VirtualMachine a = vm("a", 1, DomainState.RUNNING);
        VirtualMachine b = vm("b", 2, DomainState.SHUTOFF);
        list.replaceAll(List.of(a, b));
        list.subscribe(recorder);
        recorder.changes.clear();

        list.clear();
        list.clear();

        assertThat(recorder.changes).containsExactly(new Change(List.of(), Set.of(a.key(), b.key())));
        assertThat(list.snapshot()).isEmpty();
    }

    @Test
    void subscribeDeliversTheCurrentContentFirstAsOneBatch() {
        VirtualMachine a = vm("a", 1, DomainState.RUNNING);
        VirtualMachine b = vm("b", 2, DomainState.SHUTOFF);
        list.put(a);
        list.put(b);

        list.subscribe(recorder);
        VirtualMachine c = vm("c", 3, DomainState.PAUSED);
        list.put(c);

        assertThat(recorder.changes).containsExactly(
                new Change(List.of(a, b), Set.of()),
                new Change(List.of(c), Set.of()));
    }

    @Test
    void subscribingToAnEmptyListDeliversNothingUntilAChange() {
        list.subscribe(recorder);

        assertThat(recorder.changes).isEmpty();
    }

    @Test
    void aClosedSubscriptionReceivesNothing() {
        Subscription subscription = list.subscribe(recorder);
        Recorder other = new Recorder();
        list.subscribe(other);

        subscription.close();
        subscription.close();
        list.put(vm("web", 1, DomainState.RUNNING));
        list.remove("conn/" + uuid(1));

        assertThat(recorder.changes).isEmpty();
        assertThat(other.changes).hasSize(2);
    }

    @Test
    void keysIncludeTheConnection() {
        VirtualMachine here = vm("web", 1, DomainState.RUNNING);
        VirtualMachine there = new VirtualMachine("other", here.description(), DomainState.RUNNING, true, true, false);

        list.put(here);
        list.put(there);

        assertThat(list.size()).isEqualTo(2);
    }

    @Nested
    class WatchableTest {

        private final Watchable<String> watchable = new Watchable<>("disconnected");
        private final List<String> seen = new ArrayList<>();

        @Test
        void subscribeCallsBackAtOnceWithTheCurrentValue() {
            watchable.subscribe(seen::add);

            assertThat(seen).containsExactly("disconnected");
        }

        @Test
        void firesOnlyOnChange() {
            watchable.subscribe(seen::add);

            watchable.set("connecting");
            watchable.set("connecting");
            watchable.set(new String("connecting"));
            watchable.set("connected");

            assertThat(seen).containsExactly("disconnected", "connecting", "connected");
            assertThat(watchable.get()).isEqualTo("connected");
        }

        @Test
        void aClosedSubscriptionReceivesNothing() {
            Subscription subscription = watchable.subscribe(seen::add);

            subscription.close();
            watchable.set("connected");

            assertThat(seen).containsExactly("disconnected");
            assertThat(watchable.get()).isEqualTo("connected");
        }

        @Test
        void refusesNull() {
            assertThatThrownBy(() -> watchable.set(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Watchable<String>(null)).isInstanceOf(NullPointerException.class);
            assertThat(watchable.get()).isEqualTo("disconnected");
        }
    }

    private static VirtualMachine vm(String name, int n, DomainState state) {
        String xml = "<domain type='test'><name>" + name + "</name><uuid>" + uuid(n) + "</uuid></domain>";
        boolean active = state != DomainState.SHUTOFF;
        return new VirtualMachine("conn", DomainDescription.parse(xml), state, active, true, false);
    }

    private static String uuid(int n) {
        return String.format("0b5e0000-0000-4000-8000-%012d", n);
    }

    private record Change(List<VirtualMachine> upserted, Set<String> removed) {
    }

    private static final class Recorder implements DomainListListener {

        final List<Change> changes = new ArrayList<>();

        @Override
        public void changed(Collection<VirtualMachine> upserted, Set<String> removedKeys) {
            changes.add(new Change(List.copyOf(upserted), Set.copyOf(removedKeys)));
        }
    }
}
