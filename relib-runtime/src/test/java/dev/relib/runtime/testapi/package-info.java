/** A small shared API, compiled with relib-processor by the Maven build, for the tests' modules. */
package dev.relib.runtime.testapi;
