package org.vellum.web.ui;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.vellum.problem.VellumException;

/** What every page needs: who is signed in, the pages they may open, messages, and signing out. */
@Named("console")
@RequestScoped
public class ConsoleBean {
    @Inject
    HttpServletRequest request;

    public String getUser() {
        return request.getUserPrincipal() == null
                ? ""
                : request.getUserPrincipal().getName();
    }

    public List<ConsolePage> getPages() {
        return Arrays.stream(ConsolePage.values())
                .filter(p -> p.allows(request))
                .toList();
    }

    public boolean isCurrent(ConsolePage page) {
        return page.path().equals(request.getServletPath());
    }

    /** An instant as people read it: {@code 2026-11-30 14:39:51 UTC}; empty for none. */
    public String time(Object instant) {
        if (instant == null) {
            return "";
        }
        Instant t = instant instanceof Instant i ? i : Instant.parse(instant.toString());
        return TIME.format(t.truncatedTo(ChronoUnit.SECONDS)) + " UTC";
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public boolean has(String role) {
        return request.isUserInRole(role);
    }

    public void signOut() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.getExternalContext().invalidateSession();
        faces.getExternalContext().redirect(request.getContextPath() + "/");
    }

    /** Refuses an action to a user without one of {@code roles}: the pages hide it, this keeps a forged post out. */
    static void require(String... roles) {
        var context = FacesContext.getCurrentInstance().getExternalContext();
        if (Arrays.stream(roles).noneMatch(context::isUserInRole)) {
            throw new SecurityException("this action needs one of the roles " + String.join(", ", roles));
        }
    }

    /** The signed-in user's name, for the ledger's {@code admin} and {@code user} fields. */
    static String userName() {
        return FacesContext.getCurrentInstance()
                .getExternalContext()
                .getUserPrincipal()
                .getName();
    }

    static void info(String text) {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
    }

    /** Shows a failure the way the API names it: its stable code and its sentence. */
    static void error(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof VellumException)) {
            t = t.getCause();
        }
        String text = t instanceof VellumException v ? v.code() + ": " + v.getMessage() : e.getMessage();
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }
}
