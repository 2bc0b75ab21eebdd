/** Cairn index module. */
package dev.cairn.index;
