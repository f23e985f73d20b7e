package org.vellum.web.tsa;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.vellum.timestamp.TimeStampAuthority;
import org.vellum.timestamp.TimeStampService;

/**
 * {@code POST /vellum/tsa}: the built-in TSA as a real RFC 3161 HTTP endpoint (RFC 3161 §3.4): a DER
 * {@code application/timestamp-query} in, a DER {@code application/timestamp-reply} out. Open to the role
 * {@code timestamp-client} only (web.xml); other methods are refused.
 */
@WebServlet("/tsa")
public class TsaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUERY = 64 * 1024;

    @Inject
    transient TimeStampService timeStamps;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(TimeStampAuthority.QUERY_TYPE)) {
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "send " + TimeStampAuthority.QUERY_TYPE);
            return;
        }
        byte[] query;
        try (InputStream in = request.getInputStream()) {
            query = in.readNBytes(MAX_QUERY + 1);
        }
        if (query.length > MAX_QUERY) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "a time-stamp query is small");
            return;
        }
        byte[] reply = timeStamps.respond(query);
        response.setContentType(TimeStampAuthority.REPLY_TYPE);
        response.setContentLength(reply.length);
        response.getOutputStream().write(reply);
    }
}
