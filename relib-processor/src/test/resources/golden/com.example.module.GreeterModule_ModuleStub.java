package com.example.module;

import com.example.Clock;
import com.example.Clock_ModuleBridge;
import com.example.Greeter;
import com.example.GreeterState;
import com.example.GreeterStateV1;
import com.example.Greeter_HostBridge;
import com.example.HostLog;
import com.example.HostLog_ModuleBridge;
import com.example.Point;
import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeContext;
import dev.relib.bridge.Calls;
import dev.relib.bridge.Fingerprint;
import dev.relib.bridge.ModuleStub;
import dev.relib.bridge.ProvidedImports;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Loads {@link GreeterModule} in its module's own class loader.
 *
 * <p>Constructs the module with the host's imports (each wrapped in its module-side bridge),
 * calls its {@code @BeforeUnload} method, and declares what it was compiled against.
 */
@Generated("dev.relib.processor.RelibProcessor")
public final class GreeterModule_ModuleStub extends ModuleStub {
  private GreeterModule module;

  public GreeterModule_ModuleStub() {
  }

  @Override
  public int contractVersion() {
    return 1;
  }

  @Override
  public String relibVersion() {
    return "0.1.0-SNAPSHOT";
  }

  @Override
  public Class<?> exportsType() {
    return Greeter.class;
  }

  @Override
  public List<Class<?>> importTypes() {
    return List.of(
        HostLog.class,
        Clock.class);
  }

  @Override
  public List<Fingerprint> compiledFingerprints() {
    return List.of(
        new Fingerprint(
            "com.example.Greeter",
            "fca3012f02f21762",
            "com.example.Buffer#copy()com.example.Buffer\n"
                + "com.example.Color{RED, GREEN, BLUE}\n"
                + "com.example.Greeter#balance()com.example.Money\n"
                + "com.example.Greeter#buffer()com.example.Buffer\n"
                + "com.example.Greeter#count(@Borrowed java.util.List<java.lang.String>)int\n"
                + "com.example.Greeter#current()java.util.Optional<com.example.Session>\n"
                + "com.example.Greeter#greet(java.lang.String)java.lang.String\n"
                + "com.example.Greeter#greet(java.lang.String, int)java.lang.String\n"
                + "com.example.Greeter#histogram()int[]\n"
                + "com.example.Greeter#label()com.example.Label\n"
                + "com.example.Greeter#layers()java.util.List<java.util.Map<java.lang.String, com.example.Point>>\n"
                + "com.example.Greeter#ledger()java.util.Map<com.example.Color, java.util.Set<com.example.Money>>\n"
                + "com.example.Greeter#lines()com.example.Line[]\n"
                + "com.example.Greeter#longest()com.example.Line\n"
                + "com.example.Greeter#matrix()com.example.Matrix\n"
                + "com.example.Greeter#memo()com.example.Memo\n"
                + "com.example.Greeter#name()java.lang.String\n"
                + "com.example.Greeter#names()java.util.List<java.lang.String>\n"
                + "com.example.Greeter#nickname()java.util.Optional<java.lang.String>\n"
                + "com.example.Greeter#open(java.lang.String)com.example.Session\n"
                + "com.example.Greeter#sessions()java.util.List<com.example.Session>\n"
                + "com.example.Greeter#shapes()java.util.Optional<java.util.List<com.example.Point[]>>\n"
                + "com.example.Greeter#shout(java.lang.String)java.lang.String\n"
                + "com.example.Greeter#subscribe(com.example.Listener)void\n"
                + "com.example.Label(java.lang.String text, java.util.Optional<com.example.Color> color)\n"
                + "com.example.Line(com.example.Point from, com.example.Point to, java.util.List<com.example.Point> via)\n"
                + "com.example.Listener#changed(java.lang.String, com.example.Point)void\n"
                + "com.example.Matrix(com.example.Matrix)\n"
                + "com.example.Memo{java.util.Optional<java.lang.String> author; java.util.Optional<com.example.Label> label}\n"
                + "com.example.Money{long cents; java.lang.String currency}\n"
                + "com.example.Point(int x, int y)\n"
                + "com.example.Session#close()void\n"
                + "com.example.Session#user()java.lang.String",
            List.of(
                "com.example.Buffer",
                "com.example.Color",
                "com.example.Greeter",
                "com.example.Label",
                "com.example.Line",
                "com.example.Listener",
                "com.example.Matrix",
                "com.example.Memo",
                "com.example.Money",
                "com.example.Named",
                "com.example.Point",
                "com.example.Session")),
        new Fingerprint(
            "com.example.HostLog",
            "4744ceb317492ab7",
            "com.example.HostLog#info(java.lang.String)void\n"
                + "com.example.HostLog#recent(int)java.util.List<java.lang.String>\n"
                + "com.example.HostLog#watch(com.example.Session)void\n"
                + "com.example.Session#close()void\n"
                + "com.example.Session#user()java.lang.String",
            List.of(
                "com.example.HostLog",
                "com.example.Session")),
        new Fingerprint(
            "com.example.Clock",
            "d1a29c2b18d86648",
            "com.example.Clock#now()java.time.Instant",
            List.of(
                "com.example.Clock")));
  }

  @Override
  public List<Fingerprint> hostFingerprints() {
    return List.of(
        Greeter_HostBridge.FINGERPRINT,
        HostLog_ModuleBridge.FINGERPRINT,
        Clock_ModuleBridge.FINGERPRINT);
  }

  @Override
  public Bridge create(BridgeContext context, ProvidedImports imports) throws Exception {
    module = new GreeterModule(
        new HostLog_ModuleBridge(context, imports.get(HostLog.class)),
        new Clock_ModuleBridge(context, imports.get(Clock.class)));
    return new Greeter_HostBridge(context, module);
  }

  @Override
  public boolean hasBeforeUnload() {
    return true;
  }

  @Override
  public void beforeUnload() throws Exception {
    GreeterModule module = this.module;
    this.module = null;
    if (module != null) {
      module.close();
    }
  }

  @Override
  public Class<?> stateType() {
    return GreeterState.class;
  }

  @Override
  public Fingerprint stateFingerprint() {
    return new Fingerprint(
            "com.example.GreeterState",
            "ce42396d0378d608",
            "com.example.GreeterState(long greeted, java.util.List<java.lang.String> names, java.util.Map<java.lang.String, com.example.Point> places)\n"
                + "com.example.Point(int x, int y)",
            List.of(
                "com.example.GreeterState",
                "com.example.Point"));
  }

  @Override
  public List<Fingerprint> migrationFingerprints() {
    return List.of(
        new Fingerprint(
            "com.example.GreeterStateV1",
            "9401b79d48f0a311",
            "com.example.GreeterStateV1(long greeted)",
            List.of(
                "com.example.GreeterStateV1")));
  }

  @Override
  public Object exportsTarget() {
    return module;
  }

  @Override
  public Object saveState() {
    return copyGreeterState(module.saveState());
  }

  @Override
  public void restoreState(Object state) {
    if (state instanceof GreeterState) {
      module.restoreState((GreeterState) state);
      return;
    }
    if (state instanceof GreeterStateV1) {
      module.restoreState(module.migrate((GreeterStateV1) state));
      return;
    }
    throw new IllegalArgumentException("the module takes a state of type GreeterState or migrates one of GreeterStateV1, not "
        + state.getClass().getName());
  }

  private static GreeterState copyGreeterState(GreeterState value) {
    if (value == null) {
      return null;
    }
    return new GreeterState(value.greeted(), copyListOfString(value.names()),
        copyMapOfStringToPoint(value.places()));
  }

  private static List<String> copyListOfString(List<String> value) {
    return Calls.copyList(value, String.class, "List<String>");
  }

  private static Map<String, Point> copyMapOfStringToPoint(Map<String, Point> value) {
    return Calls.copyMap(value, String.class, Point.class, "Map<String, Point>");
  }
}
