package org.vellum.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogMessageTest {
    @Test
    void readsTheSpecExampleWithEscapes() throws Exception {
        SyslogMessage m = SyslogMessage.parse("<134>1 2026-11-25T14:03:22.123Z anon-2 anonymizer 4242"
                        + " anonymization.started [audit@32473 event_id=\"0b6c\" model.id=\"face\\\"plate\\\\x\\]\"]"
                        + "[other@1 a=\"b\"] started")
                .orElseThrow();
        assertEquals("2026-11-25T14:03:22.123Z", m.timestamp());
        assertEquals("anon-2", m.hostname());
        assertEquals("anonymization.started", m.msgId());
        SyslogMessage.Params audit = m.audit().orElseThrow();
        assertEquals(List.of("event_id", "model.id"), audit.names());
        assertEquals(List.of("0b6c", "face\"plate\\x]"), audit.values());
        assertEquals(2, m.data().size());
    }

    @Test
    void nilValuesAndNoStructuredData() throws Exception {
        SyslogMessage m = SyslogMessage.parse("<13>1 - host - - - - just text").orElseThrow();
        assertNull(m.timestamp());
        assertNull(m.msgId());
        assertTrue(m.audit().isEmpty());
    }

    @Test
    void plainTextIsNoSyslogAtAll() throws Exception {
        assertTrue(SyslogMessage.parse("java.lang.IllegalStateException: boom").isEmpty());
        assertTrue(SyslogMessage.parse("<999>1 x y z a b -").isEmpty());
        assertTrue(SyslogMessage.parse("<13>0 x y z a b -").isEmpty());
    }

    @Test
    void brokenStructuredDataIsMalformed() {
        for (String sd : List.of(
                "[audit@32473 a=\"unterminated]",
                "[audit@32473 a=unquoted]",
                "[audit@32473 a=\"x\"",
                "[audit@32473 a=\"x]y\"]",
                "[audit@32473 a=\"1\"][audit@32473 b=\"2\"]",
                "audit@32473 a=\"1\"]")) {
            assertThrows(
                    SyslogMessage.Malformed.class,
                    () -> SyslogMessage.parse("<134>1 2026-11-25T14:03:22.123Z h app 1 t " + sd),
                    sd);
        }
    }
}
