import type { StateCreator } from 'zustand';
import type { AppSlice } from './app-slice';
import type { DialSlice } from './dial-slice';
import type { DirectorySlice } from './directory-slice';
import type { RecentsSlice } from './recents-slice';
import type { UiSlice } from './ui-slice';

export type Store = AppSlice & RecentsSlice & DirectorySlice & DialSlice & UiSlice;

export type Slice<T> = StateCreator<Store, [], [], T>;
