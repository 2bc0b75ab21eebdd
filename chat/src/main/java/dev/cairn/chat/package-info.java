/** Cairn chat module. */
package dev.cairn.chat;
