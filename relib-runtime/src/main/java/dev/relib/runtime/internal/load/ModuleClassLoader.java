package dev.relib.runtime.internal.load;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.security.AllPermission;
import java.security.PermissionCollection;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The class loader of one loaded module. Its parent is the platform loader, so the module sees the
 * JDK and nothing of the host; classes of the shared API packages come from the host's API loader
 * first, so that both sides use the same {@code Class} objects; everything else comes from the
 * module's own jar and libraries, read into memory at load.
 *
 * <p>The name is unique per load ({@code relib:<module>#<n>}): stack frames name the loader of
 * their class, which is how the runtime tells which threads run this module's code.
 */
public final class ModuleClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final AtomicLong SEQUENCE = new AtomicLong();

  /**
   * JDK APIs whose leaks are worth a look at unload only once a class of the module has named them,
   * each known by a name its class files then hold.
   *
   * <p>The cleaners are what read it, yet it lives here: the loader marks each constant as it
   * defines a class, so in {@code leaks} it would make {@code load} depend on {@code leaks} and
   * {@code leaks} on {@code load}. Here, {@code leaks} depends on {@code load} alone.
   */
  public enum Api {
    /** {@code java.sql}: JDBC drivers may be registered. */
    JDBC("java/sql/"),
    /** {@code java.beans}: introspection caches may hold the module's classes. */
    BEANS("java/beans/"),
    /** {@code javax.imageio}: ImageIO providers may be registered. */
    IMAGE_IO("javax/imageio/"),
    /** {@code javax.net.ssl}: TLS defaults may be replaced; reading them initialises TLS. */
    SSL("javax/net/ssl/"),
    /** {@code jdk.jfr}: flight-recorder listeners may be added. */
    JFR("jdk/jfr/"),
    /**
     * {@code Thread.ofVirtual}, {@code Thread.startVirtualThread}, {@code
     * Executors.newVirtualThreadPerTaskExecutor}: only then is the thread dump that lists virtual
     * threads worth its cost.
     */
    VIRTUAL_THREADS("Virtual");

    private static final Api[] VALUES = values();

    private final byte[] name;

    Api(String name) {
      this.name = name.getBytes(StandardCharsets.US_ASCII);
    }

    /** The APIs a class file names, in one pass over its bytes. */
    static int namedIn(byte[] bytes) {
      int named = 0;
      for (int i = 0; i < bytes.length; i++) {
        for (Api api : VALUES) {
          if (bytes[i] == api.name[0] && startsWith(bytes, i, api.name)) {
            named |= 1 << api.ordinal();
          }
        }
      }
      return named;
    }

    private static boolean startsWith(byte[] bytes, int from, byte[] prefix) {
      if (from + prefix.length > bytes.length) {
        return false;
      }
      for (int j = 1; j < prefix.length; j++) {
        if (bytes[from + j] != prefix[j]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Modules run with the host's permissions. The domains are built without a class
   * loader on purpose: a thread created while module code is on the stack captures the domains of
   * its frames (JDK 17 to 23), and a domain that named this loader would keep it alive.
   */
  private static final PermissionCollection ALL_PERMISSIONS = allPermissions();

  private final String moduleName;
  private final ClassLoader apiLoader;
  private final Set<String> sharedPackages;
  private final Map<ModuleImage.Source, ProtectionDomain> domains = new ConcurrentHashMap<>();
  private volatile ModuleImage image;
  // The Api constants named by a class of the module, one bit each.
  private final AtomicInteger named = new AtomicInteger();

  public ModuleClassLoader(
      String moduleName, ClassLoader apiLoader, Set<String> sharedPackages, ModuleImage image) {
    super(
        "relib:" + moduleName + "#" + SEQUENCE.incrementAndGet(),
        ClassLoader.getPlatformClassLoader());
    this.moduleName = moduleName;
    this.apiLoader = apiLoader;
    this.sharedPackages = Set.copyOf(sharedPackages);
    this.image = image;
  }

  /** Its name, {@code relib:<module>#<n>}, as it shows in stack traces and reports. */
  @Override
  public String toString() {
    return getName();
  }

  private static PermissionCollection allPermissions() {
    PermissionCollection permissions = new AllPermission().newPermissionCollection();
    permissions.add(new AllPermission());
    permissions.setReadOnly();
    return permissions;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = find(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private Class<?> find(String name) throws ClassNotFoundException {
    if (isShared(name)) {
      try {
        return apiLoader.loadClass(name);
      } catch (ClassNotFoundException e) {
        // The host's API lacks it: the module's own copy, if any, serves.
      }
    }
    if (!name.startsWith("java.")) {
      Class<?> own = defineOwn(name);
      if (own != null) {
        return own;
      }
    }
    try {
      return getParent().loadClass(name);
    } catch (ClassNotFoundException e) {
      throw new ClassNotFoundException(
          image == null
              ? name + ": module '" + moduleName + "' was unloaded, its loader defines no class"
              : name
                  + " is not visible to module '"
                  + moduleName
                  + "': a module sees the JDK,"
                  + " the shared API packages "
                  + sharedPackages.stream().sorted().toList()
                  + " and its own jar and libraries, never the host's other classes",
          e);
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    Class<?> own = defineOwn(name);
    if (own == null) {
      throw new ClassNotFoundException(name);
    }
    return own;
  }

  private Class<?> defineOwn(String name) {
    ModuleImage current = image;
    if (current == null) {
      return null;
    }
    ModuleImage.Entry entry = current.first(name.replace('.', '/') + ".class");
    if (entry == null) {
      return null;
    }
    byte[] bytes = entry.bytes();
    int apis = Api.namedIn(bytes);
    if (apis != 0) {
      named.getAndUpdate(previous -> previous | apis);
    }
    definePackageOf(name, entry.source());
    ProtectionDomain domain =
        domains.computeIfAbsent(
            entry.source(), source -> new ProtectionDomain(source.codeSource(), ALL_PERMISSIONS));
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  /**
   * Defines the class's package as {@link java.net.URLClassLoader} does: its specification and
   * implementation titles, versions and vendors, and its sealing, from the manifest of the jar the
   * class came from (the package's own section first, then the main attributes).
   */
  private void definePackageOf(String className, ModuleImage.Source source) {
    int dot = className.lastIndexOf('.');
    if (dot < 0) {
      return;
    }
    String packageName = className.substring(0, dot);
    if (getDefinedPackage(packageName) != null) {
      return;
    }
    try {
      Manifest manifest = source.manifest();
      if (manifest == null) {
        definePackage(packageName, null, null, null, null, null, null, null);
      } else {
        Attributes own = manifest.getAttributes(packageName.replace('.', '/') + "/");
        Attributes main = manifest.getMainAttributes();
        definePackage(
            packageName,
            attribute(Attributes.Name.SPECIFICATION_TITLE, own, main),
            attribute(Attributes.Name.SPECIFICATION_VERSION, own, main),
            attribute(Attributes.Name.SPECIFICATION_VENDOR, own, main),
            attribute(Attributes.Name.IMPLEMENTATION_TITLE, own, main),
            attribute(Attributes.Name.IMPLEMENTATION_VERSION, own, main),
            attribute(Attributes.Name.IMPLEMENTATION_VENDOR, own, main),
            "true".equalsIgnoreCase(attribute(Attributes.Name.SEALED, own, main))
                ? source.codeSource().getLocation()
                : null);
      }
    } catch (IllegalArgumentException e) {
      // Another thread defined it first: loading is parallel per class name, not per package.
      if (getDefinedPackage(packageName) == null) {
        throw e;
      }
    }
  }

  private static String attribute(Attributes.Name name, Attributes own, Attributes main) {
    String value = own == null ? null : own.getValue(name);
    return value != null ? value : main.getValue(name);
  }

  /**
   * Defines a runtime helper class inside this loader, for JDK APIs that answer according to the
   * caller's loader (DriverManager). The helper may reference JDK classes only.
   */
  public Class<?> defineHelper(String name, byte[] bytes) {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      return loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length);
    }
  }

  public boolean isShared(String className) {
    int dot = className.lastIndexOf('.');
    return dot > 0 && sharedPackages.contains(className.substring(0, dot));
  }

  @Override
  protected URL findResource(String name) {
    ModuleImage current = image;
    ModuleImage.Entry entry = current == null ? null : current.first(name);
    return entry == null ? null : memoryUrl(name, entry.bytes());
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    ModuleImage current = image;
    if (current == null) {
      return Collections.emptyEnumeration();
    }
    List<URL> urls = new ArrayList<>();
    for (ModuleImage.Entry entry : current.all(name)) {
      urls.add(memoryUrl(name, entry.bytes()));
    }
    return Collections.enumeration(urls);
  }

  private URL memoryUrl(String name, byte[] bytes) {
    try {
      return new URL("relib", null, -1, "/" + getName() + "/" + name, new MemoryHandler(bytes));
    } catch (MalformedURLException e) {
      throw new IllegalStateException("cannot make a URL for resource " + name, e);
    }
  }

  /** Drops the module's bytes. Classes already defined keep working; nothing new can be defined. */
  public void close() {
    image = null;
    domains.clear();
  }

  public String moduleName() {
    return moduleName;
  }

  /** Whether a class of the module named {@code api}. */
  public boolean references(Api api) {
    return (named.get() & 1 << api.ordinal()) != 0;
  }

  /** Serves a resource from the bytes read at load: no file stays open, none is needed later. */
  private static final class MemoryHandler extends URLStreamHandler {
    private final byte[] bytes;

    MemoryHandler(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    protected URLConnection openConnection(URL url) {
      return new URLConnection(url) {
        @Override
        public void connect() {
          connected = true;
        }

        @Override
        public InputStream getInputStream() {
          return new ByteArrayInputStream(bytes);
        }

        @Override
        public long getContentLengthLong() {
          return bytes.length;
        }
      };
    }
  }
}
