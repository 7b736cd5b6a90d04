package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpHeadersTest {
    @Test
    void findIgnoresCaseAndReturnsTheFirstOfRepeatedFields() {
        HttpHeaders h = new HttpHeaders().add("Set-Cookie", "a=1").add("set-cookie", "b=2").add("Host", "x");
        assertThat(h.find("SET-COOKIE")).isEqualTo("a=1");
        assertThat(h.findAll("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(h.find("Missing")).isNull();
    }

    @Test
    void fieldsKeepTheOrderTheyWereAddedIn() {
        HttpHeaders h = new HttpHeaders().add("B", "1").add("A", "2").add("C", "3");
        assertThat(h.toString()).isEqualTo("B: 1\nA: 2\nC: 3\n");
        assertThat(h.name(1)).isEqualTo("A");
        assertThat(h.value(2)).isEqualTo("3");
    }

    @Test
    void removeTakesOnlyTheFirstMatchAsLibeventDoes() {
        HttpHeaders h = new HttpHeaders().add("X", "1").add("x", "2");
        assertThat(h.remove("X")).isTrue();
        assertThat(h.find("x")).isEqualTo("2");
        assertThat(h.removeAll("x")).isEqualTo(1);
        assertThat(h.remove("x")).isFalse();
        assertThat(h.isEmpty()).isTrue();
    }

    @Test
    void setReplacesEveryFieldOfThatName() {
        HttpHeaders h = new HttpHeaders().add("X", "1").add("Y", "2").add("x", "3");
        h.set("X", "4");
        assertThat(h.toString()).isEqualTo("Y: 2\nX: 4\n");
        h.clear();
        assertThat(h.size()).isZero();
    }

    @Test
    void addRefusesWhatCouldSplitAMessage() {
        HttpHeaders h = new HttpHeaders();
        assertThatThrownBy(() -> h.add("X", "a\r\nInjected: 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0xd");
        assertThatThrownBy(() -> h.add("X", "folded\r\n continued")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("X", "nul\0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("X", "\u20ac")).isInstanceOf(IllegalArgumentException.class);
        h.add("X", "tab\tand obs-text \u00e9 are fine");
        assertThat(h.size()).isEqualTo(1);
    }
}
