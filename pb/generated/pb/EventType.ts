// Original file: pb/news.proto

export const EventType = {
  LINK_ADDED: 'LINK_ADDED',
  LINK_UPDATED: 'LINK_UPDATED',
  LINK_DELETED: 'LINK_DELETED',
} as const;

export type EventType =
  | 'LINK_ADDED'
  | 0
  | 'LINK_UPDATED'
  | 1
  | 'LINK_DELETED'
  | 2

export type EventType__Output = typeof EventType[keyof typeof EventType]
