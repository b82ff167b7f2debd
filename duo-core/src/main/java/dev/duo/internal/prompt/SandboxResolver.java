package dev.duo.internal.prompt;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;

/**
 * Jinjava's read-only resolver with method calls refused, as the gateway's sandbox refuses them:
 * a template may read attributes of its inputs but never call their methods. Jinjava calls filters
 * and tests through the same method hook, so those two (our own, vetted code) stay allowed.
 * This is the render-time guard; {@link TemplateAnalyzer} already rejects such templates at load.
 */
final class SandboxResolver extends CompositeELResolver {

    SandboxResolver() {
        add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base instanceof Filter || base instanceof ExpTest) {
            return super.invoke(context, base, method, paramTypes, params);
        }
        throw new SecurityException("method calls are not allowed in prompt templates (sandbox): '"
                + method + "' called on " + (base == null ? "nothing" : base.getClass().getSimpleName()));
    }
}
