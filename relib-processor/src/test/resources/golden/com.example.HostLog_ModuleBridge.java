package com.example;

import dev.relib.bridge.Bridge;
import dev.relib.bridge.BridgeContext;
import dev.relib.bridge.Fingerprint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
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
    super(context);
    this.target = target;
    context.track(this);
  }

  @Override
  protected void retarget(Object target) {
    this.target = (HostLog) target;
  }

  @Override
  public void info(String message) {
    HostLog target = this.target;
    if (target == null) {
      throw context.unloaded();
    }
    ClassLoader previous = switchesContextLoader ? context.enterHost() : null;
    try {
      target.info(message);
    } finally {
      if (switchesContextLoader) {
        context.exit(previous);
      }
    }
  }

  @Override
  public List<String> recent(int count) throws IOException {
    HostLog target = this.target;
    if (target == null) {
      throw context.unloaded();
    }
    ClassLoader previous = switchesContextLoader ? context.enterHost() : null;
    try {
      return copyListOfString(target.recent(count));
    } finally {
      if (switchesContextLoader) {
        context.exit(previous);
      }
    }
  }

  @Override
  public void watch(Session session) {
    HostLog target = this.target;
    if (target == null) {
      throw context.unloaded();
    }
    ClassLoader previous = switchesContextLoader ? context.enterHost() : null;
    try {
      target.watch(session == null ? null : new Session_HostBridge(context, session));
    } finally {
      if (switchesContextLoader) {
        context.exit(previous);
      }
    }
  }

  private static List<String> copyListOfString(List<String> value) {
    if (value == null) {
      return null;
    }
    List<String> copy = new ArrayList<>(value.size());
    for (String element : value) {
      if (element == null) {
        throw new NullPointerException("a returned List<String> holds a null element");
      }
      copy.add(element);
    }
    return Collections.unmodifiableList(copy);
  }
}
