package com.example;

import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeContext;
import dev.relib.bridge.BridgeSide;
import dev.relib.bridge.Calls;
import dev.relib.bridge.Fingerprint;
import java.io.IOException;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Stands for the host's {@link HostLog} in a module: forwards each call to the host,
 * copies what it returns, and fails fast once the module is unloaded.
 */
@Generated("dev.relib.processor.RelibProcessor")
public final class HostLog_ModuleBridge extends Bridge implements HostLog {
  public static final Fingerprint FINGERPRINT = new Fingerprint(
      "com.example.HostLog",
      "4744ceb317492ab7",
      "com.example.HostLog#info(java.lang.String)void\n"
          + "com.example.HostLog#recent(int)java.util.List<java.lang.String>\n"
          + "com.example.HostLog#watch(com.example.Session)void\n"
          + "com.example.Session#close()void\n"
          + "com.example.Session#user()java.lang.String",
      List.of(
          "com.example.HostLog",
          "com.example.Session"));

  private volatile HostLog target;

  public HostLog_ModuleBridge(BridgeContext context, HostLog target) {
    super(context, BridgeSide.MODULE);
    this.target = target;
    context.track(this);
  }

  @Override
  protected void retarget(Object target) {
    this.target = (HostLog) target;
  }

  @Override
  public void info(String message) {
    HostLog target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enterHost(this);
    try {
      target.info(message);
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public List<String> recent(int count) throws IOException {
    HostLog target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enterHost(this);
    try {
      return copyListOfString(target.recent(count));
    } finally {
      Calls.exit(this, previous);
    }
  }

  @Override
  public void watch(Session session) {
    HostLog target = Calls.guard(this, this.target);
    ClassLoader previous = Calls.enterHost(this);
    try {
      target.watch(session == null ? null : new Session_HostBridge(Calls.context(this), session));
    } finally {
      Calls.exit(this, previous);
    }
  }

  private static List<String> copyListOfString(List<String> value) {
    return Calls.copyList(value, String.class, "List<String>");
  }
}
