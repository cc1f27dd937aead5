package dev.relib.runtime.internal.leaks;

import dev.relib.runtime.UnloadReport.Leak;
import dev.relib.runtime.internal.load.ModuleClassLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.spi.IIORegistry;

/**
 * ImageIO service providers of module classes in the default {@link IIORegistry} (README.md leak
 * table, row 16), deregistered by public API. Runs only when a class of the module referenced
 * {@code javax.imageio}: the first look at the registry creates it, which costs tens of
 * milliseconds.
 */
final class ImageIoCleaner implements LeakCleaner {
  @Override
  public String kind() {
    return "ImageIO provider";
  }

  @Override
  public void clean(CleanupScope scope, Consumer<Leak> findings) {
    if (!(scope.loader() instanceof ModuleClassLoader loader)
        || !loader.references(ModuleClassLoader.Api.IMAGE_IO)) {
      return;
    }
    IIORegistry registry = IIORegistry.getDefaultInstance();
    List<Class<?>> categories = new ArrayList<>();
    registry.getCategories().forEachRemaining(categories::add);
    for (Class<?> category : categories) {
      List<Object> providers = new ArrayList<>();
      Iterator<?> all = registry.getServiceProviders(category, false);
      all.forEachRemaining(providers::add);
      for (Object provider : providers) {
        if (scope.isModuleClass(provider.getClass())) {
          deregister(registry, provider, category);
          findings.accept(
              new Leak(
                  kind(),
                  "IIORegistry.getDefaultInstance()",
                  Leak.Outcome.CLEARED,
                  provider.getClass().getName()
                      + " deregistered from category "
                      + category.getName()));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void deregister(IIORegistry registry, Object provider, Class<T> category) {
    registry.deregisterServiceProvider((T) provider, category);
  }
}
