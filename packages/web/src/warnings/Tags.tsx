import {
  WARNING_LEVEL_LABELS,
  WARNING_STATE_LABELS,
  type WarningView,
} from '@nongan/shared/warnings/schemas';
import { Tag } from 'antd';
import { LEVEL_COLORS, STATE_COLORS } from './queries.ts';

export const LevelTag = ({ level }: { level: WarningView['level'] }) => (
  <Tag color={LEVEL_COLORS[level]}>{WARNING_LEVEL_LABELS[level]}</Tag>
);
export const StateTag = ({ state }: { state: WarningView['state'] }) => (
  <Tag color={STATE_COLORS[state]}>{WARNING_STATE_LABELS[state]}</Tag>
);
