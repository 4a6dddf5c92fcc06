import { walkAs } from './walk.ts';

// The roles limited to a town, a village, a market or one producer; walk-district walks the rest.
walkAs(['town1', 'village1', 'market1', 'producer1', 'buyer1']);
