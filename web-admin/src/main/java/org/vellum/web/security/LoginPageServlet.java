package org.vellum.web.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The form login page, which the container shows to any request without credentials. A person's browser gets the
 * HTML form; a program calling the REST API or the TSA gets what it can act on: 401 with a Basic challenge and problem
 * details.
 */
@WebServlet("/login")
public class LoginPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String PROBLEM = "{\"code\":\"unauthenticated\",\"detail\":\"send HTTP Basic credentials"
            + " of an appliance account\",\"status\":401,\"title\":\"Unauthorized\","
            + "\"type\":\"urn:vellum:problem:unauthenticated\"}";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        SecurityHeadersFilter.apply(response);
        Object original = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
        String api = request.getContextPath() + "/api/";
        String tsa = request.getContextPath() + "/tsa";
        if (original instanceof String uri && (uri.startsWith(api) || uri.equals(tsa))) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Basic realm=\"Vellum\", charset=\"UTF-8\"");
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(PROBLEM);
            return;
        }
        request.getRequestDispatcher("/login.html").forward(request, response);
    }
}
